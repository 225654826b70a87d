package dev.cabledger.cli;

import dev.cabledger.server.CabLedgerApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A fresh data directory and database for one benchmark run: SQLite in the directory, or a new
 * schema of the PostgreSQL at {@code --pg-url}. Closing drops the schema and deletes the directory.
 */
final class BenchDatabase implements AutoCloseable {
  private final Path dir;
  private final String schema;
  private final BenchCommand.BenchBackend backend;
  private final String pgUrl;

  private BenchDatabase(Path dir, String schema, BenchCommand.BenchBackend backend, String pgUrl) {
    this.dir = dir;
    this.schema = schema;
    this.backend = backend;
    this.pgUrl = pgUrl;
  }

  /** A new temporary directory named after {@code name}, and the database. */
  static BenchDatabase create(String name, BenchCommand.BenchBackend backend, String pgUrl)
      throws IOException, SQLException {
    Path dir = Files.createTempDirectory(name);
    String schema = "cab_bench_" + Long.toHexString(System.nanoTime());
    if (backend == BenchCommand.BenchBackend.POSTGRES) {
      execute(pgUrl, "CREATE SCHEMA " + schema);
    }
    return new BenchDatabase(dir, schema, backend, pgUrl);
  }

  /** The data directory. */
  Path dir() {
    return dir;
  }

  /**
   * Starts the service on this database: with HTTP on a free port of 127.0.0.1 when {@code web},
   * else without. Settings are arguments, not default properties: those rank below application.yml
   * and the environment (CAB_DB_URL must not redirect a benchmark).
   */
  ConfigurableApplicationContext startService(boolean web, String... settings) {
    String dbUrl =
        backend == BenchCommand.BenchBackend.SQLITE
            ? "jdbc:sqlite:" + dir.resolve("bench.db")
            : pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    List<String> args =
        new ArrayList<>(
            List.of(
                "--cab.data-dir=" + dir,
                "--cab.db-url=" + dbUrl,
                "--cab.origin=bench.cab-ledger.local/" + schema,
                "--logging.level.root=WARN",
                "--spring.main.banner-mode=off"));
    if (web) {
      args.addAll(List.of("--server.port=0", "--server.address=127.0.0.1"));
    }
    args.addAll(List.of(settings));
    return new SpringApplicationBuilder(CabLedgerApplication.class)
        .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
        .logStartupInfo(false)
        .run(args.toArray(String[]::new));
  }

  @Override
  public void close() throws SQLException, IOException {
    if (backend == BenchCommand.BenchBackend.POSTGRES) {
      execute(pgUrl, "DROP SCHEMA " + schema + " CASCADE");
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        java.sql.Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
