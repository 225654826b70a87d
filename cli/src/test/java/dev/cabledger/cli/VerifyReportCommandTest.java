package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cab-ledger verify-report} on a report the service made: exit 0, 1 or 2. */
class VerifyReportCommandTest {
  @TempDir Path dir;
  Path report;
  Path signature;
  Path keys;

  @BeforeEach
  void fetchAReport() throws IOException {
    TestService service = TestService.shared(Backend.SQLITE);
    String client = "verify-report-" + TestWorkflow.newChangeId().toLowerCase();
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, client, TestWorkflow.newPlanHash(), "low");
    TestWorkflow.approve(service, id, "user:alice");
    String token = service.token("user:audrey", Role.AUDITOR);
    HttpResponse<byte[]> made =
        service.sendForBytes(
            service
                .request("/api/cab/report?days=1&client=" + client, Optional.of(token))
                .GET()
                .build());
    assertThat(made.statusCode()).isEqualTo(200);
    String reportId = made.headers().firstValue("CAB-Report-Id").orElseThrow();
    report = Files.write(dir.resolve("report.json"), made.body());
    signature =
        Files.write(
            dir.resolve("report.json.sig.json"),
            service
                .sendForBytes(
                    service
                        .request("/api/reports/" + reportId + "/signature", Optional.of(token))
                        .GET()
                        .build())
                .body());
    keys =
        Files.writeString(
            dir.resolve("keys.json"), service.get("/api/keys", Optional.empty()).body());
  }

  private static VerifyCommandTest.Result verify(Path file, Path sig, Path keys) {
    return VerifyCommandTest.run(
        "verify-report", file.toString(), sig.toString(), "--keys", keys.toString());
  }

  @Test
  void verifyReport_theServicesReport_valid() {
    VerifyCommandTest.Result r = verify(report, signature, keys);

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).startsWith("VALID: report ").contains("application/json");
  }

  @Test
  void verifyReport_oneByteOfTheReportChanged_notValidSayingWhy() throws IOException {
    byte[] bytes = Files.readAllBytes(report);
    bytes[10] = (byte) (bytes[10] == 'a' ? 'b' : 'a');
    Files.write(report, bytes);

    VerifyCommandTest.Result r = verify(report, signature, keys);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith("NOT VALID: ").contains("not the report that was signed");
  }

  @Test
  void verifyReport_registryWithoutTheServiceKey_notValid() throws IOException {
    Files.writeString(keys, "{\"keys\":[]}");

    VerifyCommandTest.Result r = verify(report, signature, keys);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("is not in the registry");
  }

  @Test
  void verifyReport_signatureOfSomethingElse_notValid() throws IOException {
    Files.writeString(signature, "{\"payload\":\"\"}");

    VerifyCommandTest.Result r = verify(report, signature, keys);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("not a DSSE envelope");
  }

  @Test
  void verifyReport_usageErrors_exit2() {
    assertThat(VerifyCommandTest.run("verify-report", report.toString()).code()).isEqualTo(2);
    assertThat(verify(report, signature, dir.resolve("missing.json")).code()).isEqualTo(2);
    assertThat(verify(dir.resolve("missing.json"), signature, keys).code()).isEqualTo(2);
    assertThat(verify(report, dir.resolve("missing.sig.json"), keys).code()).isEqualTo(2);
  }
}
