package dev.cabledger.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestBrowser;
import dev.cabledger.server.TestConsole;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/** The console's revocations page in a real headless Chromium, on both databases. */
class RevocationPageTest {
  private static final String CLIENT = "acme";

  @RegisterExtension final TestBrowser browser = new TestBrowser();

  @ParameterizedTest
  @EnumSource(Backend.class)
  void revocationPage_adminRevokesWithAReason_approvalStopsCounting(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "low");
    String approver = "user:revoked-approver-" + id;
    TestWorkflow.approve(service, id, approver);
    WebDriver chrome = browser.driver();
    chrome.get(
        TestConsole.loginLink(
            service, "user:revoke-admin", Set.of(Role.PLATFORM_ADMIN), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/admin/revocations").toString());
    chrome.findElement(By.id("change")).sendKeys(id);
    chrome.findElement(By.cssSelector("form.filters button")).click();
    // Wait for the filtered page: a row found on the page before it would go stale.
    new WebDriverWait(chrome, Duration.ofSeconds(30))
        .until(ExpectedConditions.urlContains("change=" + id));

    WebElement row = chrome.findElement(By.cssSelector("#approvals tbody tr"));
    assertThat(row.getText()).contains(id).contains(approver);
    assertThat(chrome.findElements(By.cssSelector("#approvals tbody tr"))).hasSize(1);
    // The browser holds back a revocation without a reason.
    row.findElement(By.tagName("button")).click();
    assertThat(row.findElement(By.tagName("textarea")).getAttribute("validationMessage"))
        .isNotBlank();
    row.findElement(By.tagName("textarea")).sendKeys("The approver left the CAB.");
    row.findElement(By.tagName("button")).click();

    // The form posts and the browser follows the redirect: wait for the page that answers it.
    WebElement revokedNote =
        new WebDriverWait(chrome, Duration.ofSeconds(30))
            .until(ExpectedConditions.presenceOfElementLocated(By.id("revoked")));
    assertThat(revokedNote.getText())
        .contains("of change " + id + " is revoked")
        .contains("the change is now pending");
    JsonNode change =
        TestWorkflow.json(
            service.get(
                "/api/changes/" + id, Optional.of(service.token("user:auditor", Role.AUDITOR))));
    assertThat(change.path("status").asString()).isEqualTo("pending");
    JsonNode revoked =
        TestWorkflow.json(
            service.get(
                "/api/approvals?deploymentIntent=" + id + "&status=revoked",
                Optional.of(service.token("user:auditor", Role.AUDITOR))));
    assertThat(revoked.path("approvals").get(0).path("approver").asString()).isEqualTo(approver);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void revocationPage_noReasonOrAnotherRole_writesNothing(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "low");
    TestWorkflow.approve(service, id, "user:kept-approver-" + id);
    HttpClient admin =
        TestConsole.signedIn(
            service, "user:revoke-admin", Set.of(Role.PLATFORM_ADMIN), Set.of(CLIENT), false);
    String page = TestConsole.get(admin, service, "/console/admin/revocations?change=" + id).body();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("/console/admin/approvals/([0-9a-f-]{36})/revoke")
            .matcher(page);
    assertThat(m.find()).isTrue();
    String approval = m.group(1);
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> noReason =
        TestConsole.postForm(
            admin,
            service,
            "/console/admin/approvals/" + approval + "/revoke",
            "reason=&_csrf=" + TestConsole.csrf(page));
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.body()).contains("NOT revoked").contains("reason");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);

    WebDriver chrome = browser.driver();
    chrome.get(
        TestConsole.loginLink(
            service, "user:revoke-cab", Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/admin/revocations").toString());
    assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
    HttpClient cab =
        TestConsole.signedIn(
            service, "user:revoke-cab", Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false);
    String queue = TestConsole.get(cab, service, "/console").body();
    HttpResponse<String> refused =
        TestConsole.postForm(
            cab,
            service,
            "/console/admin/approvals/" + approval + "/revoke",
            "reason=forged&_csrf=" + TestConsole.csrf(queue));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }
}
