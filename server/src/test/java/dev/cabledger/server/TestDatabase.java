package dev.cabledger.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.cabledger.server.storage.Backend;
import dev.cabledger.server.storage.ConnectionPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fresh, empty database for one test: a SQLite file in a temporary directory, or a new schema in
 * the real PostgreSQL ({@code CAB_TEST_PG_URL}, default the local server's {@code test} database).
 * PostgreSQL that does not answer fails the test: it is never skipped.
 */
public final class TestDatabase implements AutoCloseable {
  /** The PostgreSQL the tests use. */
  public static final String PG_URL =
      System.getenv()
          .getOrDefault("CAB_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private final Backend backend;
  private final Path dir;
  private final String schema;
  private final String url;
  private HikariDataSource dataSource;

  private TestDatabase(Backend backend) {
    this.backend = backend;
    try {
      this.dir = Files.createTempDirectory("cab-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.schema = "t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    if (backend == Backend.SQLITE) {
      this.url = "jdbc:sqlite:" + dir.resolve("ledger.db");
    } else {
      execute("CREATE SCHEMA " + schema);
      this.url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
  }

  /** A new empty database of that backend. */
  public static TestDatabase create(Backend backend) {
    return new TestDatabase(backend);
  }

  public Backend backend() {
    return backend;
  }

  /** The JDBC URL (for SQLite, without the pragmas the service adds). */
  public String url() {
    return url;
  }

  /** A directory for this test's data (keys, files); deleted on close. */
  public Path dataDir() {
    return dir;
  }

  /** A small pool on the database, with the service's SQLite pragmas. */
  public synchronized HikariDataSource dataSource() {
    if (dataSource == null) {
      dataSource = pool(url, Duration.ofSeconds(30));
    }
    return dataSource;
  }

  /** A small pool on {@code url}, opened as the service opens its own. */
  public static HikariDataSource pool(String url, Duration timeout) {
    return ConnectionPool.open(url, 3, timeout, Optional.empty(), Optional.empty());
  }

  public JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource());
  }

  /** Runs the service's migrations. */
  public TestDatabase migrate() {
    Flyway.configure()
        .dataSource(dataSource())
        .locations("classpath:db/migration/" + backend.name().toLowerCase(Locale.ROOT))
        .load()
        .migrate();
    return this;
  }

  /** Drops the append-only triggers, as an intruder with database access would. */
  public void dropAppendOnlyTriggers() {
    JdbcTemplate jdbc = jdbc();
    for (String table :
        new String[] {
          "ledger_entry",
          "merkle_node",
          "checkpoint",
          "change_entry",
          "approval",
          "approval_end",
          "change_exception",
          "evidence_package",
          "declared_freeze",
          "freeze_scope",
          "change_apply",
          "change_override",
          "registered_key",
          "key_end",
          "key_enrolment",
          "enrolment_rejection",
          "report",
          "change_template"
        }) {
      if (backend == Backend.SQLITE) {
        jdbc.execute("DROP TRIGGER " + table + "_no_update");
        jdbc.execute("DROP TRIGGER " + table + "_no_delete");
      } else {
        jdbc.execute("DROP TRIGGER " + table + "_append_only ON " + table);
      }
    }
  }

  @Override
  public void close() {
    if (dataSource != null) {
      dataSource.close();
    }
    if (backend == Backend.POSTGRESQL) {
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(PG_URL);
        var s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at "
              + Backend.redact(PG_URL)
              + " is required by the tests and failed: "
              + e.getMessage()
              + " (scripts/ensure-postgres.sh starts or installs it)",
          e);
    }
  }
}
