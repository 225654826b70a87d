package dev.cabledger.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionPoolTest {
  @TempDir Path dir;

  @Test
  void open_sqlite_everyConnectionHasTheLedgersPragmas() throws SQLException {
    try (HikariDataSource pool =
            ConnectionPool.open(
                "jdbc:sqlite:" + dir.resolve("data/ledger.db"),
                4,
                Duration.ofSeconds(3),
                Optional.empty(),
                Optional.empty());
        Connection a = pool.getConnection();
        Connection b = pool.getConnection()) {
      for (Connection c : new Connection[] {a, b}) {
        assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
        assertThat(pragma(c, "synchronous")).isEqualTo("2"); // FULL
        assertThat(pragma(c, "busy_timeout")).isEqualTo("3000");
        assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
      }
    }
  }

  @Test
  void sqliteUrl_withOwnParameters_keepsThemAndAddsThePragmas() {
    String url =
        ConnectionPool.sqliteUrl("jdbc:sqlite::memory:?cache=shared", Duration.ofMillis(250));

    assertThat(url)
        .startsWith("jdbc:sqlite::memory:?cache=shared&journal_mode=WAL&synchronous=FULL")
        .endsWith("&busy_timeout=250&foreign_keys=true");
  }

  private static String pragma(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      assertThat(rs.next()).as(name).isTrue();
      return rs.getString(1);
    }
  }
}
