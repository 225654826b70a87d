package dev.cabledger.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.server.TestBrowser;
import dev.cabledger.server.TestConsole;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The verify page in a real headless Chromium, on both databases. */
class VerifyPageTest {
  private static final String CLIENT = "acme";

  @RegisterExtension final TestBrowser browser = new TestBrowser();

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verifyPage_approvedChange_showsEachEntryGreenFromItsSignedBytes(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "low");
    String approver = "user:verify-approver-" + id;
    TestWorkflow.approve(service, id, approver);
    WebDriver chrome = browser.driver();
    chrome.get(
        TestConsole.loginLink(
            service, "user:verify-auditor", Set.of(Role.AUDITOR), Set.of(CLIENT), false));

    // Reached from the change page; the auditor's menu offers reports and overrides, no admin.
    chrome.get(service.uri("/console/changes/" + id).toString());
    assertThat(chrome.findElement(By.cssSelector("nav")).getText())
        .contains("Reports")
        .contains("Overrides")
        .doesNotContain("Freezes");
    chrome.findElement(By.id("verify-link")).click();

    new WebDriverWait(chrome, Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("verdict")));
    assertThat(chrome.findElement(By.id("verdict")).getText()).startsWith("Every entry");
    WebElement row =
        chrome.findElement(By.xpath("//table[@id='entries']//tr[.//span[text()='CAB_APPROVED']]"));
    assertThat(row.getText()).contains("CAB_APPROVED").contains(approver);
    assertThat(row.findElement(By.className("sig-verdict")).getText()).isEqualTo("✓ valid");
    assertThat(row.findElement(By.className("proof-verdict")).getText()).isEqualTo("✓ included");
    // The service's signature, named with the key's purpose and owner from the registry.
    assertThat(row.findElement(By.className("signatures")).getText()).contains("service key of");
    assertThat(chrome.findElements(By.cssSelector("#entries tr.bad"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verifyPage_rewrittenApproval_isRedWithWhatFailed(Backend backend) {
    // A database of its own: the test rewrites a ledger row, which no shared log may keep.
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      String id = TestWorkflow.newChangeId();
      TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "low");
      long index =
          TestWorkflow.approve(service, id, "user:alice").path("receipt").path("index").asLong();
      db.dropAppendOnlyTriggers();
      byte[] bytes =
          db.jdbc()
              .queryForObject("SELECT entry FROM ledger_entry WHERE idx = ?", byte[].class, index);
      Envelope envelope = Envelope.parse(bytes);
      String payload = new String(envelope.payload(), StandardCharsets.UTF_8);
      assertThat(payload).contains("user:alice");
      Envelope forged =
          new Envelope(
              envelope.payloadType(),
              payload.replace("user:alice", "user:mallory").getBytes(StandardCharsets.UTF_8),
              envelope.signatures());
      db.jdbc()
          .update(
              "UPDATE ledger_entry SET entry = ? WHERE idx = ?", forged.canonicalBytes(), index);
      WebDriver chrome = browser.driver();
      chrome.get(
          TestConsole.loginLink(
              service, "user:verify-auditor", Set.of(Role.AUDITOR), Set.of(CLIENT), false));

      chrome.get(service.uri("/console/changes/" + id + "/verify").toString());

      assertThat(chrome.findElement(By.id("verdict")).getText()).startsWith("NOT verified");
      WebElement row = chrome.findElement(By.id("entry-" + index));
      assertThat(row.getAttribute("class")).contains("bad");
      assertThat(row.getText()).contains("user:mallory");
      assertThat(row.findElement(By.className("sig-verdict")).getText()).isEqualTo("✗ invalid");
      assertThat(row.findElement(By.className("proof-verdict")).getText())
          .isEqualTo("✗ not proven");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verifyPage_requesterRoleOrAnotherTenant_refusedOrNotFound(Backend backend) {
    TestService service = TestService.shared(backend);
    String ours = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, ours, CLIENT, TestWorkflow.newPlanHash(), "low");
    String theirs = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, theirs, "globex", TestWorkflow.newPlanHash(), "low");
    WebDriver chrome = browser.driver();

    chrome.get(
        TestConsole.loginLink(
            service, "user:verify-pipeline", Set.of(Role.REQUESTER), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/changes/" + ours + "/verify").toString());
    assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
    assertThat(chrome.getPageSource()).doesNotContain("CHANGE_SUBMITTED");

    chrome.manage().deleteAllCookies();
    chrome.get(
        TestConsole.loginLink(
            service, "user:verify-auditor", Set.of(Role.AUDITOR), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/changes/" + theirs + "/verify").toString());
    assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    assertThat(chrome.getPageSource()).doesNotContain("globex");
  }
}
