package dev.cabledger.cli;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.event.ReportGenerated;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.report.ReportSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cab-ledger verify-report}: checks a report someone handed over, offline. */
@Command(
    name = "verify-report",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies a report offline, with public keys only: that its signature (the REPORT_GENERATED"
          + " entry the service logged, <report>.sig.json) names the SHA-256 of these very bytes,"
          + " and that every signature on it verifies with a key of the registry that was valid"
          + " when it was made, one of them the service's.",
      "Exit 0: valid. Exit 1: not valid (the reason is printed). Exit 2: usage error, or a file"
          + " or the key registry cannot be read."
    })
final class VerifyReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The report (JSON or CSV).")
  Path file = Path.of("");

  @Parameters(index = "1", paramLabel = "SIG", description = "Its signature, <report>.sig.json.")
  Path signature = Path.of("");

  @Option(
      names = "--keys",
      required = true,
      paramLabel = "KEYS",
      description =
          "The key registry (JSON as served by GET /api/keys), kept by the auditor; check it"
              + " against the log with `cab-ledger verify --trust log-trust.json --keys KEYS`.")
  Path keys = Path.of("");

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KeyRing ring;
    byte[] sig;
    try {
      ring = KeyRing.fromJson(CanonicalJson.parse(Files.readAllBytes(keys)));
    } catch (IOException | RuntimeException e) {
      err.println("cannot read the key registry " + keys + ": " + e.getMessage());
      return 2;
    }
    try {
      sig = Files.readAllBytes(signature);
    } catch (IOException e) {
      err.println("cannot read the signature " + signature + ": " + e.getMessage());
      return 2;
    }
    if (!Files.isRegularFile(file)) {
      err.println("cannot read the report " + file + ": no such file");
      return 2;
    }
    try (InputStream report = Files.newInputStream(file)) {
      ReportSignature signed = ReportSignature.parse(sig);
      List<KeyId> by = signed.verify(report, ring);
      ReportGenerated r = signed.report();
      out.printf(
          "VALID: report %s (%s, %s, %s to %s), SHA-256 %s%n",
          r.reportId(),
          r.mediaType(),
          r.client()
              .map(c -> "client " + c.value())
              .orElse(
                  r.clients().isEmpty()
                      ? "every client"
                      : "clients "
                          + r.clients().stream()
                              .map(c -> c.value())
                              .collect(Collectors.joining(", "))),
          r.periodFrom(),
          r.periodTo(),
          r.reportHash().hex());
      out.printf(
          "  signed at %s by %s as %s, over the log's entries up to checkpoint %d%n",
          signed.signedAt(),
          by.stream().map(KeyId::value).collect(Collectors.joining(", ")),
          signed.statement().predicate().actor().subject(),
          r.checkpointSize());
      out.flush();
      return 0;
    } catch (VerificationException e) {
      out.println("NOT VALID: " + e.getMessage());
      out.flush();
      return 1;
    } catch (IOException | UncheckedIOException e) {
      err.println("cannot read the report " + file + ": " + e.getMessage());
      return 2;
    }
  }
}
