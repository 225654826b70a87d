package dev.cabledger.server.overrides;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestBrowser;
import dev.cabledger.server.TestConsole;
import dev.cabledger.server.TestFreezes;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The console's overrides page in a real headless Chromium, on both databases. */
class OverridesPageTest {
  @RegisterExtension final TestBrowser browser = new TestBrowser();

  @ParameterizedTest
  @EnumSource(Backend.class)
  void overridesPage_auditorSeesTheirClientsOverridesOnly_cabApproverRefused(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    String id = TestWorkflow.newChangeId();
    String plan = TestWorkflow.newPlanHash();
    TestWorkflow.submit(service, id, client, plan, "high");
    String reason = "Outage fix " + id;
    HttpResponse<String> overridden =
        service.post(
            "/api/changes/" + id + "/override",
            "{\"planHash\": \"" + plan + "\", \"reason\": \"" + reason + "\"}",
            Optional.of(
                service.token(
                    "user:override-admin", Set.of(Role.PLATFORM_ADMIN), Set.of(client), false)));
    assertThat(overridden.statusCode()).as(overridden.body()).isEqualTo(201);
    WebDriver chrome = browser.driver();

    // An auditor of another client sees the empty state, not this override.
    chrome.get(
        TestConsole.loginLink(
            service, "user:override-other", Set.of(Role.AUDITOR), Set.of("nobody"), false));
    chrome.get(service.uri("/console/overrides").toString());
    assertThat(chrome.findElement(By.id("no-overrides")).getText()).contains("No override");

    chrome.manage().deleteAllCookies();
    chrome.get(
        TestConsole.loginLink(
            service, "user:override-auditor", Set.of(Role.AUDITOR), Set.of(client), false));
    chrome.get(service.uri("/console/overrides").toString());
    WebElement row =
        chrome.findElement(By.xpath("//table[@id='overrides']//tr[td[text()='" + reason + "']]"));
    assertThat(row.getText()).contains(id).contains(plan).contains("user:override-admin");

    chrome.manage().deleteAllCookies();
    chrome.get(
        TestConsole.loginLink(
            service, "user:override-cab", Set.of(Role.CAB_APPROVER), Set.of(client), false));
    chrome.get(service.uri("/console/overrides").toString());
    assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
  }
}
