package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.report.ReportSignature;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cab-ledger report} beside the database, and {@code cab-ledger verify-report} on what it
 * wrote: the same report as the service's, signed and logged the same way, verified offline.
 */
class ReportCommandTest {
  @TempDir Path out;

  @Test
  void report_besideTheDatabase_writesASignedLoggedReportThatVerifiesOffline() throws IOException {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE)) {
      String changeId = TestWorkflow.newChangeId();
      Path keys = out.resolve("keys.json");
      try (TestService service = TestService.start(db)) {
        TestWorkflow.submit(service, changeId, "acme", TestWorkflow.newPlanHash(), "high");
        TestWorkflow.approve(service, changeId, "user:alice");
        Files.writeString(keys, service.get("/api/keys", Optional.empty()).body());
      }
      Path csv = out.resolve("acme.csv");
      Path sig = out.resolve("acme.csv.sig.json");

      VerifyCommandTest.Result made =
          VerifyCommandTest.run(
              "report",
              "--data-dir",
              db.dataDir().toString(),
              "--db-url",
              db.url(),
              "--client",
              "acme",
              "--days",
              "1",
              "--format",
              "csv",
              "--out",
              csv.toString(),
              "--cab.db-pool-size=3");

      assertThat(made.code()).as(made.err()).isZero();
      assertThat(made.out())
          .contains("1 changes, 1 decisions")
          .contains("every signature it reports verified")
          .contains("REPORT_GENERATED");
      assertThat(made.err()).as("no progress bar when not on a terminal").doesNotContain("[#");
      String text = Files.readString(csv, StandardCharsets.UTF_8);
      assertThat(text).startsWith("changeRequestId,client,").contains(changeId + ",acme,");
      ReportSignature signed = ReportSignature.parse(Files.readAllBytes(sig));
      assertThat(signed.report().reportHash()).isEqualTo(Digest.sha256(Files.readAllBytes(csv)));
      assertThat(signed.statement().predicate().actor().subject()).isEqualTo("system:cab-ledger");

      // Verified offline, then one byte changed.
      VerifyCommandTest.Result valid =
          VerifyCommandTest.run(
              "verify-report", csv.toString(), sig.toString(), "--keys", keys.toString());
      assertThat(valid.code()).as(valid.out() + valid.err()).isZero();
      assertThat(valid.out())
          .startsWith("VALID: report " + signed.report().reportId() + " (text/csv, client acme,");
      byte[] changed = Files.readAllBytes(csv);
      changed[changed.length - 3] ^= 1;
      Path altered = out.resolve("altered.csv");
      Files.write(altered, changed);
      VerifyCommandTest.Result invalid =
          VerifyCommandTest.run(
              "verify-report", altered.toString(), sig.toString(), "--keys", keys.toString());
      assertThat(invalid.code()).isEqualTo(1);
      assertThat(invalid.out())
          .startsWith("NOT VALID: the file's SHA-256 is " + Digest.sha256(changed).hex());

      // The report's entry is in the log, and the service hands out the same bytes.
      try (TestService again = TestService.start(db)) {
        UUID id = signed.report().reportId();
        String token = again.token("user:audrey", Role.AUDITOR);
        assertThat(
                again
                    .sendForBytes(
                        again.request("/api/reports/" + id, Optional.of(token)).GET().build())
                    .body())
            .isEqualTo(Files.readAllBytes(csv));
        assertThat(
                again
                    .sendForBytes(
                        again
                            .request("/api/reports/" + id + "/signature", Optional.of(token))
                            .GET()
                            .build())
                    .body())
            .isEqualTo(Files.readAllBytes(sig));
      }
    }
  }

  @Test
  void report_pdf_writesASignedPdfThatVerifiesOfflineAndAModifiedCopyDoesNot() throws IOException {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE)) {
      Path keys = out.resolve("keys.json");
      try (TestService service = TestService.start(db)) {
        String changeId = TestWorkflow.newChangeId();
        TestWorkflow.submit(service, changeId, "acme", TestWorkflow.newPlanHash(), "low");
        TestWorkflow.approve(service, changeId, "user:alice");
        Files.writeString(keys, service.get("/api/keys", Optional.empty()).body());
      }
      Path pdf = out.resolve("q1.pdf");
      Path sig = out.resolve("q1.pdf.sig.json");

      VerifyCommandTest.Result made =
          VerifyCommandTest.run(
              "report",
              "--data-dir",
              db.dataDir().toString(),
              "--db-url",
              db.url(),
              "--days",
              "1",
              "--format",
              "pdf",
              "--out",
              pdf.toString(),
              "--cab.db-pool-size=3");

      assertThat(made.code()).as(made.err()).isZero();
      assertThat(made.out()).contains("1 changes, 1 decisions");
      byte[] bytes = Files.readAllBytes(pdf);
      assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
      VerifyCommandTest.Result valid =
          VerifyCommandTest.run(
              "verify-report", pdf.toString(), sig.toString(), "--keys", keys.toString());
      assertThat(valid.code()).as(valid.out() + valid.err()).isZero();
      assertThat(valid.out()).startsWith("VALID: report ").contains("(application/pdf, ");

      // One byte of the page content changed: the file is no longer the report that was signed.
      bytes[bytes.length / 2] ^= 1;
      Path altered = Files.write(out.resolve("altered.pdf"), bytes);
      VerifyCommandTest.Result invalid =
          VerifyCommandTest.run(
              "verify-report", altered.toString(), sig.toString(), "--keys", keys.toString());
      assertThat(invalid.code()).isEqualTo(1);
      assertThat(invalid.out()).startsWith("NOT VALID: the file's SHA-256 is ");
    }
  }

  @Test
  void report_badOption_exit2AndNothingWritten() {
    Path file = out.resolve("never.json");

    VerifyCommandTest.Result bad =
        VerifyCommandTest.run("report", "--days", "0", "--out", file.toString());

    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("days must be from 1 to 3650");
    assertThat(file).doesNotExist();
  }

  @Test
  void progressLine_showsTheShareDoneAndTheDecisions() {
    assertThat(ReportCommand.Progress.line(50, 200, 1234))
        .isEqualTo("[#######-----------------------]  25%  1,234 decisions");
    assertThat(ReportCommand.Progress.line(0, 0, 0)).startsWith("[" + "#".repeat(30) + "] 100%");
  }
}
