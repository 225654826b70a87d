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
import java.util.stream.Collectors;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code cab-ledger rebuild-projections}: restores every projection's missing query rows from the
 * log.
 */
@Command(
    name = "rebuild-projections",
    mixinStandardHelpOptions = true,
    description = {
      "Replays the signed log in order and restores every row of the projection tables that is"
          + " missing (the workflow's change_entry, change_request, approval, approval_end,"
          + " change_exception, change_apply, change_override; the key registry's registered_key,"
          + " key_end; key_enrolment, enrolment_rejection; declared_freeze, freeze_scope; report),"
          + " then sets each change's current plan, status and latest entry to what its entries"
          + " give. Safe while the service runs.",
      "Rows that exist are never changed or deleted: a row that differs from the log, or that the"
          + " log does not establish, is left for the ledger check (GET /api/audit/ledger-check)"
          + " to name. A lost evidence_package row cannot be restored: the package's bytes are not"
          + " in the log.",
      "Exit 0 when the projections then hold what the log establishes, 1 when such rows remain."
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
      ProjectionRebuild.Result result =
          app.getBean(ProjectionRebuild.class)
              .rebuild(
                  last -> {
                    if (terminal) {
                      err.printf("\rreplayed through entry %,d of %,d", last + 1, size);
                      err.flush();
                    }
                  });
      if (terminal) {
        err.println();
      }
      out.printf(
          "restored %d rows%s and set the state of %d changes, from the log's %d entries%n",
          result.restoredRows(),
          result.restored().isEmpty()
              ? ""
              : result.restored().entrySet().stream()
                  .map(e -> e.getKey() + " " + e.getValue())
                  .collect(Collectors.joining(", ", " (", ")")),
          result.restated(),
          result.treeSize());
      if (result.leftAlone() > 0) {
        out.printf(
            "left alone %d rows that differ from the log, or that the log does not establish"
                + " (rows that exist are never changed or deleted); the ledger check"
                + " (GET /api/audit/ledger-check) names them%n",
            result.leftAlone());
      }
      if (result.unrestorable() > 0) {
        out.printf(
            "could not restore %d evidence_package rows: a sealed package's bytes are not in the"
                + " log; restore them from a backup%n",
            result.unrestorable());
      }
      out.flush();
      return result.complete() ? 0 : 1;
    }
  }
}
