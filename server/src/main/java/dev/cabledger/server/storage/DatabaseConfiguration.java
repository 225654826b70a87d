package dev.cabledger.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cabledger.server.CabProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The data source: {@code cab.db-url} (env {@code CAB_DB_URL}) or, by default, a SQLite file under
 * the data directory in WAL mode with {@code synchronous=FULL}, so a committed batch survives a
 * power cut.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {
  private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

  @Bean
  Backend backend(CabProperties props) {
    return Backend.ofUrl(jdbcUrl(props));
  }

  @Bean(destroyMethod = "close")
  DataSource dataSource(CabProperties props, Backend backend) {
    String url = jdbcUrl(props);
    HikariConfig config = new HikariConfig();
    config.setPoolName("cab-ledger");
    config.setJdbcUrl(backend == Backend.SQLITE ? sqliteUrl(url) : postgresUrl(url));
    props.dbUser().filter(s -> !s.isBlank()).ifPresent(config::setUsername);
    props.dbPassword().filter(s -> !s.isBlank()).ifPresent(config::setPassword);
    // SQLite has one writer at a time; a small pool avoids lock convoys among readers.
    config.setMaximumPoolSize(
        backend == Backend.SQLITE ? Math.min(4, props.dbPoolSize()) : props.dbPoolSize());
    log.info("Database: {} ({})", backend, Backend.redact(url));
    return new HikariDataSource(config);
  }

  static String jdbcUrl(CabProperties props) {
    return props
        .dbUrl()
        .filter(s -> !s.isBlank())
        .orElseGet(() -> "jdbc:sqlite:" + props.dataDir().resolve("cab-ledger.db"));
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
   * Adds the pragmas the ledger relies on. {@code transaction_mode=IMMEDIATE} takes the write lock
   * at BEGIN, so two processes appending to one file serialize instead of failing at commit.
   */
  static String sqliteUrl(String url) {
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
        "journal_mode=WAL&synchronous=FULL&busy_timeout=30000&transaction_mode=IMMEDIATE"
            + "&foreign_keys=true";
    return url + (q < 0 ? "?" : "&") + params;
  }
}
