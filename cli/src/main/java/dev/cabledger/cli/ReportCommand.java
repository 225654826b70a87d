package dev.cabledger.cli;

import dev.cabledger.core.dsse.Actor;
import dev.cabledger.server.CabLedgerApplication;
import dev.cabledger.server.reports.GeneratedReport;
import dev.cabledger.server.reports.ReportProgress;
import dev.cabledger.server.reports.ReportQuery;
import dev.cabledger.server.reports.ReportScope;
import dev.cabledger.server.reports.Reports;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
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

/**
 * {@code cab-ledger report}: the compliance report of {@code GET /api/cab/report}, made beside the
 * database without a server, signed and logged the same way.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Makes the compliance report of GET /api/cab/report beside the database (no server): every"
          + " entry it reports is verified, the report is stored under the data directory, logged"
          + " as a REPORT_GENERATED entry signed by the service key (the service itself is its"
          + " actor), and written to --out with its signature beside it (FILE.sig.json).",
      "Exit 0: written, every entry verified. Exit 1: written, but entries it reports do not"
          + " verify (the report names them). Exit 2: bad options, or nothing could be written."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data-dir", description = "Data directory (default ./data, or CAB_DATA_DIR).")
  Optional<Path> dataDir = Optional.empty();

  @Option(names = "--db-url", description = "JDBC URL of the database (or CAB_DB_URL).")
  Optional<String> dbUrl = Optional.empty();

  @Option(names = "--client", description = "Only this client (default: every client).")
  Optional<String> client = Optional.empty();

  @Option(names = "--days", description = "The last N days (default 90).")
  Optional<String> days = Optional.empty();

  @Option(names = "--from", description = "Start of the period: a date or an RFC 3339 time.")
  Optional<String> from = Optional.empty();

  @Option(names = "--to", description = "End of the period (a date is included whole).")
  Optional<String> to = Optional.empty();

  @Option(
      names = "--risk-level",
      description = "Only changes of this risk: low, medium, high, critical.")
  Optional<String> riskLevel = Optional.empty();

  @Option(names = "--approver", description = "Only this approver's decisions.")
  Optional<String> approver = Optional.empty();

  @Option(names = "--format", description = "json (default), csv or pdf.")
  Optional<String> format = Optional.empty();

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write it.")
  Path out = Path.of("");

  @Unmatched List<String> springArgs = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReportQuery query;
    try {
      query =
          ReportQuery.of(
              client, days, from, to, riskLevel, approver, format, ReportScope.ALL, Instant.now());
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    List<String> args = new ArrayList<>(springArgs);
    args.add("--spring.main.web-application-type=none");
    args.add("--spring.main.banner-mode=off");
    dataDir.ifPresent(d -> args.add("--cab.data-dir=" + d));
    dbUrl.ifPresent(u -> args.add("--cab.db-url=" + u));
    GeneratedReport report;
    Progress progress = new Progress(err, isTerminal());
    try (ConfigurableApplicationContext app =
        SpringApplication.run(CabLedgerApplication.class, args.toArray(String[]::new))) {
      report = app.getBean(Reports.class).generate(query, Actor.SYSTEM, progress);
    } catch (RuntimeException e) {
      progress.end();
      err.println("error: no report was made: " + e.getMessage());
      return 2;
    }
    progress.end();
    Path sig = out.resolveSibling(out.getFileName() + ".sig.json");
    Files.copy(report.file(), out, StandardCopyOption.REPLACE_EXISTING);
    Files.write(sig, report.signature());
    stdout.printf(
        "report %s: %d changes, %d decisions, from the log's entries up to checkpoint %d%n",
        report.reportId(), report.totalChanges(), report.totalDecisions(), report.checkpointSize());
    stdout.printf("%s%n", verdict(report.allSignaturesValid(), report.allEntriesIncluded()));
    stdout.printf(
        "wrote %s (SHA-256 %s) and its signature %s; logged as entry %d (REPORT_GENERATED)%n",
        out, report.hash().hex(), sig, report.entryIndex());
    stdout.flush();
    return report.allSignaturesValid() && report.allEntriesIncluded() ? 0 : 1;
  }

  private static String verdict(boolean signatures, boolean included) {
    if (signatures && included) {
      return "every signature it reports verified, and every entry is included under that"
          + " checkpoint";
    }
    return "NOT VERIFIED: "
        + (signatures ? "" : "signatures of entries it reports do not verify; ")
        + (included ? "" : "entries it reports are not included under that checkpoint; ")
        + "the report's problems name them";
  }

  /** Whether standard input and output are a terminal: only then is a progress bar drawn. */
  private static boolean isTerminal() {
    Console console = System.console();
    return console != null && console.isTerminal();
  }

  /** A progress bar on standard error, redrawn at most ten times a second. */
  static final class Progress implements ReportProgress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean shown;
    private long lastDrawn;
    private boolean drawn;

    Progress(PrintWriter err, boolean shown) {
      this.err = err;
      this.shown = shown;
    }

    @Override
    public void at(long done, long total, long decisions) {
      long now = System.nanoTime();
      if (!shown || (drawn && now - lastDrawn < 100_000_000L && done < total)) {
        return;
      }
      lastDrawn = now;
      drawn = true;
      err.print("\r" + line(done, total, decisions));
      err.flush();
    }

    static String line(long done, long total, long decisions) {
      int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
      int filled = percent * WIDTH / 100;
      return "["
          + "#".repeat(filled)
          + "-".repeat(WIDTH - filled)
          + "] "
          + String.format("%3d%%  %,d decisions", percent, decisions);
    }

    void end() {
      if (drawn) {
        err.println();
        err.flush();
      }
    }
  }
}
