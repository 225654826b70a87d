package dev.cabledger.cli;

import dev.cabledger.server.CabLedgerApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code cab-ledger serve}: runs the service. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the CAB Ledger service. By default: SQLite under ./data, keys generated there at"
          + " first start, port 8080.",
      "Set CAB_DB_URL (e.g. jdbc:postgresql://db:5432/cab) to use PostgreSQL."
    })
final class ServeCommand implements Callable<Integer> {
  private static volatile boolean serving;

  @Option(names = "--demo", description = "Seed a new log with sample signed change events.")
  boolean demo;

  @Option(names = "--port", description = "HTTP port (default 8080, or CAB_PORT).")
  Optional<Integer> port = Optional.empty();

  @Option(names = "--data-dir", description = "Data directory (default ./data, or CAB_DATA_DIR).")
  Optional<Path> dataDir = Optional.empty();

  @Option(names = "--db-url", description = "JDBC URL of the database (or CAB_DB_URL).")
  Optional<String> dbUrl = Optional.empty();

  @Unmatched List<String> springArgs = new ArrayList<>();

  private Optional<ConfigurableApplicationContext> app = Optional.empty();

  static boolean isServing() {
    return serving;
  }

  /** The running service, once {@link #call} has started it (for tests, which stop it). */
  Optional<ConfigurableApplicationContext> app() {
    return app;
  }

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(springArgs);
    if (demo) {
      args.add("--cab.demo=true");
    }
    port.ifPresent(p -> args.add("--server.port=" + p));
    dataDir.ifPresent(d -> args.add("--cab.data-dir=" + d));
    dbUrl.ifPresent(u -> args.add("--cab.db-url=" + u));
    app =
        Optional.of(SpringApplication.run(CabLedgerApplication.class, args.toArray(String[]::new)));
    serving = true;
    return 0;
  }
}
