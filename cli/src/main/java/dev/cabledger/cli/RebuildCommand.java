package dev.cabledger.cli;

import dev.cabledger.server.CabLedgerApplication;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.workflow.ProjectionRebuild;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code cab-ledger rebuild-projections}: re-derives the workflow's query rows from the log. */
@Command(
    name = "rebuild-projections",
    mixinStandardHelpOptions = true,
    description = {
      "Indexes every entry about a change that has no row in the change index yet, with its"
          + " change's row and its feature rows, from the signed entries, in log order.",
      "Rows that exist are left alone; the ledger check (GET /api/audit/ledger-check) reports any"
          + " that differ from the log. Safe while the service runs."
    })
final class RebuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data-dir", description = "Data directory (default ./data, or CAB_DATA_DIR).")
  Optional<Path> dataDir = Optional.empty();

  @Option(names = "--db-url", description = "JDBC URL of the database (or CAB_DB_URL).")
  Optional<String> dbUrl = Optional.empty();

  @Unmatched List<String> springArgs = new ArrayList<>();

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(springArgs);
    args.add("--spring.main.web-application-type=none");
    args.add("--spring.main.banner-mode=off");
    dataDir.ifPresent(d -> args.add("--cab.data-dir=" + d));
    dbUrl.ifPresent(u -> args.add("--cab.db-url=" + u));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean terminal = System.console() != null;
    try (ConfigurableApplicationContext app =
        SpringApplication.run(CabLedgerApplication.class, args.toArray(String[]::new))) {
      long size = app.getBean(LogReader.class).size();
      long rebuilt =
          app.getBean(ProjectionRebuild.class)
              .rebuild(
                  last -> {
                    if (terminal) {
                      err.printf("\rindexed through entry %,d of %,d", last + 1, size);
                      err.flush();
                    }
                  });
      if (terminal) {
        err.println();
      }
      out.printf("indexed %d entries about changes; the log has %d entries%n", rebuilt, size);
      out.flush();
    }
    return 0;
  }
}
