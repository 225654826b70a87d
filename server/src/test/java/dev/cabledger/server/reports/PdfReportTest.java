package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.report.ReportSignature;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GET /api/cab/report?format=pdf} on both databases: a PDF that poppler renders and whose
 * text holds the figures, the client's name in any script (its ideographs in the host's fallback
 * font) and the checkpoint its entries were verified against, signed and logged as {@code
 * application/pdf}, handed out again byte for byte.
 */
class PdfReportTest {
  @TempDir Path dir;

  /**
   * Submits a change of a client whose name the local issuer cannot put in a token (it takes ASCII
   * ids; an identity provider may not), by a pipeline that sees every client.
   */
  static String submit(TestService service, String client, String risk) {
    String id = TestWorkflow.newChangeId();
    HttpResponse<String> r =
        service.post(
            "/api/changes",
            TestWorkflow.changeBody(id, client, TestWorkflow.newPlanHash(), risk),
            Optional.of(service.token("user:pipeline", Role.REQUESTER)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return id;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void report_pdf_rendersHoldsTheFiguresAndIsSignedAndLogged(Backend backend) throws Exception {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      PdfTools.droidFile();
      String client = "Zürich-Ω-東京-서울";
      for (String risk : new String[] {"low", "high", "high"}) {
        TestWorkflow.approve(service, submit(service, client, risk), "user:alice");
      }
      String token = ReportControllerTest.auditor(service);

      HttpResponse<byte[]> answer =
          service.sendForBytes(
              service
                  .request(
                      "/api/cab/report?format=pdf&days=1&client="
                          + ReportControllerTest.encode(client),
                      Optional.of(token))
                  .GET()
                  .build());

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/pdf");
      String reportId = answer.headers().firstValue("CAB-Report-Id").orElseThrow();
      assertThat(answer.headers().firstValue("Content-Disposition").orElseThrow())
          .contains("cab-report-" + reportId + ".pdf");
      byte[] bytes = answer.body();
      assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("%PDF-");
      ReportSignature signed =
          ReportSignature.parse(
              ReportControllerTest.bytes(
                  service, "/api/reports/" + reportId + "/signature", token));
      assertThat(signed.report().mediaType()).isEqualTo("application/pdf");
      assertThat(signed.report().reportHash()).isEqualTo(Digest.sha256(bytes));
      assertThat(ReportControllerTest.bytes(service, "/api/reports/" + reportId, token))
          .isEqualTo(bytes);

      // The writer's scratch file (its page store) is gone: the store holds the report and its
      // signature only.
      try (var stored = Files.list(db.dataDir().resolve("reports"))) {
        assertThat(stored.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder(
                signed.report().reportHash().hex() + ".pdf", reportId + ".sig.json");
      }
      Path pdf = Files.write(dir.resolve("report.pdf"), bytes);
      assertThat(PdfTools.render(pdf, Files.createDirectory(dir.resolve("png")))).isNotEmpty();
      String text = PdfTools.text(pdf);
      assertThat(text)
          .contains(client)
          .contains("Total changes 3")
          .contains("Decisions 3")
          .contains("low 1, medium 0, high 2, critical 0")
          .contains("All signatures valid yes")
          .contains("All entries included yes")
          .contains("Report id " + reportId)
          .contains(signed.report().checkpointRootHash().hex())
          .contains("page 1 of ");
      // The ideographs drawn with the host's fallback font (the default paths), embedded as a
      // subset.
      assertThat(PdfTools.fonts(pdf))
          .anySatisfy(
              f ->
                  assertThat(f)
                      .matches(
                          "[A-Z]{6}\\+DroidSansFallback\\S*\\s+CID TrueType\\s.*yes\\s+yes\\s+yes\\s.*"));
    }
  }
}
