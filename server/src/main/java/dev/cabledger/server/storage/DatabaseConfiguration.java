package dev.cabledger.server.storage;

import dev.cabledger.server.CabProperties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The data source: {@code cab.db-url} (env {@code CAB_DB_URL}) or, by default, a SQLite file under
 * the data directory; {@link ConnectionPool} says how it is opened.
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
    log.info("Database: {} ({})", backend, Backend.redact(url));
    return ConnectionPool.open(
        url, props.dbPoolSize(), props.dbTimeout(), props.dbUser(), props.dbPassword());
  }

  static String jdbcUrl(CabProperties props) {
    return props
        .dbUrl()
        .filter(s -> !s.isBlank())
        .orElseGet(() -> "jdbc:sqlite:" + props.dataDir().resolve("cab-ledger.db"));
  }
}
