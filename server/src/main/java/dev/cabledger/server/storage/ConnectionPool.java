package dev.cabledger.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Opens the service's connection pool on either database, with the settings the append path relies
 * on; the service, its tests and its tools all open their pools here.
 *
 * <p>SQLite transactions begin DEFERRED (the driver's default). sqlite-jdbc's {@code
 * transaction_mode=IMMEDIATE} issues {@code BEGIN IMMEDIATE} inside {@code setAutoCommit(false)},
 * {@code commit()} and {@code rollback()}, after it has already flipped its own auto-commit flag:
 * one lock timeout there left a pooled connection that believed it was in a transaction while
 * SQLite ran every statement in auto-commit, and a {@code commit()} that had committed could still
 * throw. A deferred {@code BEGIN} takes no lock and cannot time out; the append transaction takes
 * the write lock with its first statement instead ({@code LedgerStore.lockForAppend}).
 */
public final class ConnectionPool {
  /** SQLite's primary result code for a constraint violation (the low byte of extended codes). */
  private static final int SQLITE_CONSTRAINT = 19;

  private ConnectionPool() {}

  /**
   * A pool on {@code jdbcUrl}.
   *
   * @param size the most connections (SQLite gets at most 4: it has one writer at a time)
   * @param timeout how long to wait for a connection, and on SQLite for the write lock
   */
  public static HikariDataSource open(
      String jdbcUrl,
      int size,
      Duration timeout,
      Optional<String> user,
      Optional<String> password) {
    Backend backend = Backend.ofUrl(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setPoolName("cab-ledger");
    config.setJdbcUrl(
        backend == Backend.SQLITE ? sqliteUrl(jdbcUrl, timeout) : postgresUrl(jdbcUrl));
    user.filter(s -> !s.isBlank()).ifPresent(config::setUsername);
    password.filter(s -> !s.isBlank()).ifPresent(config::setPassword);
    config.setMaximumPoolSize(backend == Backend.SQLITE ? Math.min(4, size) : size);
    config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
    if (backend == Backend.SQLITE) {
      config.setExceptionOverride(new SqliteEviction());
    }
    return new HikariDataSource(config);
  }

  /**
   * Whether a SQLite connection that raised an error goes back to the pool. Only a constraint
   * violation leaves it in a known state; after any other error (busy, full disk, I/O) the driver's
   * idea of the transaction may differ from SQLite's, and a new connection costs little.
   */
  static final class SqliteEviction implements SQLExceptionOverride {
    @java.lang.Override
    public Override adjudicate(SQLException e) {
      return (e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT
          ? Override.DO_NOT_EVICT
          : Override.MUST_EVICT;
    }
  }

  /**
   * Lets the driver send each batch of inserts as multi-row statements (one round trip per batch
   * and table, not per row), unless the URL says otherwise.
   */
  static String postgresUrl(String url) {
    if (url.contains("reWriteBatchedInserts")) {
      return url;
    }
    return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
  }

  /**
   * Adds the pragmas the ledger relies on: WAL with {@code synchronous=FULL}, so a committed batch
   * survives a power cut, and the busy timeout that bounds the wait for the write lock.
   */
  static String sqliteUrl(String url, Duration busyTimeout) {
    String file = url.substring("jdbc:sqlite:".length());
    int q = file.indexOf('?');
    String path = q < 0 ? file : file.substring(0, q);
    if (!path.isEmpty() && !path.equals(":memory:") && !path.startsWith("file:")) {
      Path parent = Path.of(path).toAbsolutePath().getParent();
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the data directory " + parent, e);
      }
    }
    String params =
        "journal_mode=WAL&synchronous=FULL&busy_timeout="
            + busyTimeout.toMillis()
            + "&foreign_keys=true";
    return url + (q < 0 ? "?" : "&") + params;
  }
}
