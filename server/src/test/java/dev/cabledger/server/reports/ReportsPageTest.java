package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestBrowser;
import dev.cabledger.server.TestConsole;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The console's reports page in a real headless Chromium, on both databases. */
class ReportsPageTest {
  private static final String CLIENT = "acme";

  @RegisterExtension final TestBrowser browser = new TestBrowser();

  @ParameterizedTest
  @EnumSource(Backend.class)
  void reportsPage_csvReport_madeLoggedAndDownloadedWithItsSignature(Backend backend)
      throws Exception {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "high");
    // The CSV has a row per decision.
    TestWorkflow.approve(service, id, "user:report-approver-" + id);
    WebDriver chrome = browser.driver();
    String auditor = "user:report-auditor";
    chrome.get(
        TestConsole.loginLink(service, auditor, Set.of(Role.AUDITOR), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/reports").toString());
    long before = TestWorkflow.treeSize(service);

    chrome.findElement(By.id("client")).sendKeys(CLIENT);
    chrome.findElement(By.id("days")).sendKeys("1");
    new Select(chrome.findElement(By.id("riskLevel"))).selectByValue("high");
    chrome.findElement(By.cssSelector("input[name=format][value=csv]")).click();
    chrome.findElement(By.id("report-submit")).click();
    // Making the report takes a moment: wait for the report's page.
    new WebDriverWait(chrome, Duration.ofSeconds(60))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("report-hash")));

    assertThat(chrome.findElement(By.tagName("h1")).getText()).startsWith("Report ");
    assertThat(chrome.findElement(By.id("format")).getText()).isEqualTo("CSV");
    String hash = chrome.findElement(By.id("report-hash")).getText();
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before + 1);
    String file = chrome.findElement(By.id("download")).getAttribute("href");
    String signature = chrome.findElement(By.id("download-signature")).getAttribute("href");

    // The downloads, with the same session: the logged bytes and their signed entry.
    HttpClient http =
        TestConsole.signedIn(service, auditor, Set.of(Role.AUDITOR), Set.of(CLIENT), false);
    HttpResponse<byte[]> bytes =
        http.send(
            HttpRequest.newBuilder(java.net.URI.create(file)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(bytes.statusCode()).isEqualTo(200);
    assertThat(bytes.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
    assertThat(bytes.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).contains("attachment").contains(".csv"));
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.body())))
        .isEqualTo(hash);
    assertThat(new String(bytes.body(), java.nio.charset.StandardCharsets.UTF_8)).contains(id);
    HttpResponse<String> sig =
        TestConsole.send(http, HttpRequest.newBuilder(java.net.URI.create(signature)).build());
    assertThat(sig.statusCode()).isEqualTo(200);
    assertThat(sig.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).contains(".csv.sig.json"));
    assertThat(sig.body()).contains("\"payloadType\"").contains("\"signatures\"");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void reportsPage_badFilterOrAnotherRoleOrTenant_writesNothing(Backend backend) {
    TestService service = TestService.shared(backend);
    HttpClient auditor =
        TestConsole.signedIn(
            service, "user:report-auditor2", Set.of(Role.AUDITOR), Set.of(CLIENT), false);
    String form = TestConsole.get(auditor, service, "/console/reports").body();
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> bad =
        TestConsole.postForm(
            auditor,
            service,
            "/console/reports",
            "days=0&format=csv&_csrf=" + TestConsole.csrf(form));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("No report was made").contains("days");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);

    // Another tenant's report is the same 404 page as a missing one.
    HttpResponse<String> globex =
        service.get(
            "/api/cab/report?client=globex&days=1&format=json",
            Optional.of(
                service.token("user:globex", Set.of(Role.AUDITOR), Set.of("globex"), false)));
    String theirs = globex.headers().firstValue("CAB-Report-Id").orElseThrow();
    assertThat(TestConsole.get(auditor, service, "/console/reports/" + theirs).statusCode())
        .isEqualTo(404);
    assertThat(
            TestConsole.get(auditor, service, "/console/reports/" + java.util.UUID.randomUUID())
                .statusCode())
        .isEqualTo(404);

    WebDriver chrome = browser.driver();
    chrome.get(
        TestConsole.loginLink(
            service, "user:report-admin", Set.of(Role.PLATFORM_ADMIN), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/reports").toString());
    assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
  }
}
