package dev.cabledger.server.ledger;

import dev.cabledger.server.storage.Backend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Another client holding the log's append lock from its own connection, as an operator's {@code
 * sqlite3} shell in {@code BEGIN IMMEDIATE} or a {@code psql} session with the advisory lock would.
 */
public final class AppendLockHolder implements AutoCloseable {
  private final Backend backend;
  private final Connection connection;

  private AppendLockHolder(Backend backend, Connection connection) {
    this.backend = backend;
    this.connection = connection;
  }

  /** Takes the append lock of the log at {@code jdbcUrl} and holds it until closed. */
  public static AppendLockHolder take(String jdbcUrl) throws SQLException {
    Backend backend = Backend.ofUrl(jdbcUrl);
    Connection connection = DriverManager.getConnection(jdbcUrl);
    try (Statement s = connection.createStatement()) {
      if (backend == Backend.SQLITE) {
        s.execute("BEGIN IMMEDIATE");
      } else {
        s.execute("SELECT pg_advisory_lock(" + LedgerStore.APPEND_LOCK_ARGS + ")");
      }
    }
    return new AppendLockHolder(backend, connection);
  }

  @Override
  public void close() throws SQLException {
    try (Statement s = connection.createStatement()) {
      if (backend == Backend.SQLITE) {
        s.execute("COMMIT");
      } else {
        s.execute("SELECT pg_advisory_unlock(" + LedgerStore.APPEND_LOCK_ARGS + ")");
      }
    } finally {
      connection.close();
    }
  }
}
