package dev.cabledger.server.freezes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.server.TestBrowser;
import dev.cabledger.server.TestConsole;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
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

/** The console's freezes page in a real headless Chromium, on both databases. */
class FreezePageTest {
  private static final String CLIENT = "acme";

  @RegisterExtension final TestBrowser browser = new TestBrowser();

  @ParameterizedTest
  @EnumSource(Backend.class)
  void freezePage_declaredByAnAdmin_isASignedEntryOfTheLog(Backend backend) {
    TestService service = TestService.shared(backend);
    String admin = "user:freeze-admin-" + TestWorkflow.newChangeId();
    String reason = "Year-end close " + TestWorkflow.newChangeId();
    WebDriver chrome = browser.driver();
    chrome.get(
        TestConsole.loginLink(service, admin, Set.of(Role.PLATFORM_ADMIN), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/admin/freezes").toString());
    long before = TestWorkflow.treeSize(service);

    chrome.findElement(By.id("clients")).sendKeys(CLIENT);
    chrome.findElement(By.id("environments")).sendKeys("production, staging");
    chrome.findElement(By.cssSelector("input[name=kind][value=recurring]")).click();
    chrome.findElement(By.id("cron")).sendKeys("0 18 * * 5");
    chrome.findElement(By.id("duration")).sendKeys("PT62H");
    chrome.findElement(By.id("timeZone")).sendKeys("Europe/Berlin");
    chrome.findElement(By.id("reason")).sendKeys(reason);
    chrome.findElement(By.id("declare-submit")).click();

    new WebDriverWait(chrome, Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("declared")));
    assertThat(chrome.findElement(By.id("declared")).getText()).contains("signed by the service");
    WebElement row =
        chrome.findElement(By.xpath("//table[@id='freezes']//tr[td[text()='" + reason + "']]"));
    assertThat(row.getText()).contains("production, staging").contains("0 18 * * 5");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before + 1);

    // The log's entry: a FREEZE_DECLARED statement by the admin, signed by the service.
    long index =
        Long.parseLong(row.findElement(By.cssSelector("td[data-label=Entry] a")).getText());
    JsonNode entry =
        TestWorkflow.json(
            service.get(
                "/api/ledger/entries/" + index,
                Optional.of(service.token("user:auditor", Role.AUDITOR))));
    Envelope envelope = Envelope.parse(Base64.getDecoder().decode(entry.path("entry").asString()));
    Statement statement = Statement.parse(envelope.payload());
    assertThat(statement.predicate().eventType()).isEqualTo(EventType.FREEZE_DECLARED);
    assertThat(statement.predicate().actor().subject()).isEqualTo(admin);
    FreezeDeclared freeze = (FreezeDeclared) statement.predicate().data();
    assertThat(freeze.reason()).isEqualTo(reason);
    assertThat(freeze.environments()).containsExactly("production", "staging");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void freezePage_badInputOrAnotherRole_writesNothingAndSaysSo(Backend backend) {
    TestService service = TestService.shared(backend);
    HttpClient admin =
        TestConsole.signedIn(
            service, "user:freeze-admin", Set.of(Role.PLATFORM_ADMIN), Set.of(CLIENT), false);
    String page = TestConsole.get(admin, service, "/console/admin/freezes").body();
    long before = TestWorkflow.treeSize(service);

    // A one-off freeze without its end, and one for a client outside the admin's scope.
    HttpResponse<String> noEnd =
        TestConsole.postForm(
            admin,
            service,
            "/console/admin/freezes",
            "clients=acme&environments=production&kind=one-off&start=2099-01-01T00:00"
                + "&reason=x&_csrf="
                + TestConsole.csrf(page));
    assertThat(noEnd.statusCode()).isEqualTo(400);
    assertThat(noEnd.body()).contains("NOT declared").contains("end is required");
    HttpResponse<String> foreign =
        TestConsole.postForm(
            admin,
            service,
            "/console/admin/freezes",
            "clients=globex&environments=production&kind=one-off&start=2099-01-01T00:00"
                + "&end=2099-01-02T00:00&reason=x&_csrf="
                + TestConsole.csrf(page));
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.body()).contains("NOT declared");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);

    // A CAB approver neither sees the page nor declares.
    WebDriver chrome = browser.driver();
    chrome.get(
        TestConsole.loginLink(
            service, "user:freeze-cab", Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/admin/freezes").toString());
    assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
    HttpClient cab =
        TestConsole.signedIn(
            service, "user:freeze-cab", Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false);
    String queue = TestConsole.get(cab, service, "/console").body();
    HttpResponse<String> refused =
        TestConsole.postForm(
            cab,
            service,
            "/console/admin/freezes",
            "clients=acme&environments=production&kind=one-off&start=2099-01-01T00:00"
                + "&end=2099-01-02T00:00&reason=x&_csrf="
                + TestConsole.csrf(queue));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }
}
