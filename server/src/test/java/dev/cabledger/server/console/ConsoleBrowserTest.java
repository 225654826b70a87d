package dev.cabledger.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.server.TestBrowser;
import dev.cabledger.server.TestConsole;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/** The web console in a real headless Chromium, on both databases. */
class ConsoleBrowserTest {
  private static final String CLIENT = "acme";

  @RegisterExtension final TestBrowser browser = new TestBrowser();

  @ParameterizedTest
  @EnumSource(Backend.class)
  void loginLink_queueChangeApprove_recordsAServiceSignedApproval(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    String plan = TestWorkflow.newPlanHash();
    TestWorkflow.submit(service, id, CLIENT, plan, "low");
    String reviewer = "user:reviewer-" + id;
    WebDriver chrome = browser.driver();

    chrome.get(
        TestConsole.loginLink(service, reviewer, Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));
    // The session started and the token left the address bar.
    assertThat(chrome.getCurrentUrl()).isEqualTo(service.uri("/console").toString());
    assertThat(chrome.findElement(By.id("signed-in-as")).getText()).isEqualTo(reviewer);

    // The queue, filtered to low risk, lists the change with what it still needs.
    new org.openqa.selenium.support.ui.Select(chrome.findElement(By.name("risk")))
        .selectByValue("low");
    chrome.findElement(By.cssSelector("form.filters button")).click();
    new WebDriverWait(chrome, Duration.ofSeconds(20))
        .until(ExpectedConditions.urlContains("risk=low"));
    WebElement row =
        chrome.findElement(By.xpath("//table[@id='queue']//a[text()='" + id + "']/ancestor::tr"));
    assertThat(row.getText()).contains("CAB approver");
    row.findElement(By.linkText(id)).click();

    assertThat(chrome.findElement(By.id("plan-hash")).getText()).isEqualTo(plan);
    assertThat(chrome.findElement(By.id("risk")).getText()).isEqualTo("low");
    assertThat(chrome.findElement(By.id("status")).getText()).isEqualTo("pending");
    assertThat(chrome.findElement(By.id("timeline")).getText()).contains("CHANGE_SUBMITTED");
    // Times are shown in the browser's zone by the module, with the UTC instant on hover.
    WebElement time = chrome.findElement(By.cssSelector("#timeline time"));
    assertThat(time.getAttribute("title")).endsWith("(UTC)");
    assertThat(time.getText()).isNotEqualTo(time.getAttribute("datetime"));

    // Keyboard: the radio is reached and chosen by its label; the form needs a justification.
    chrome.findElement(By.cssSelector("input[name=decision][value=approve]")).click();
    chrome.findElement(By.id("justification")).sendKeys("Reviewed the plan and the rollback.");
    chrome.findElement(By.id("decide-submit")).click();

    new WebDriverWait(chrome, Duration.ofSeconds(20))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("recorded")));
    assertThat(chrome.findElement(By.id("recorded")).getText()).contains("signed by the service");
    assertThat(chrome.findElement(By.id("status")).getText()).isEqualTo("approved");
    assertThat(chrome.findElement(By.id("decisions")).getText()).contains(reviewer);

    // The log holds the approval, by the signed-in reviewer, read back from its signed entry.
    JsonNode change =
        TestWorkflow.json(
            service.get(
                "/api/changes/" + id, Optional.of(service.token("user:auditor", Role.AUDITOR))));
    assertThat(change.path("status").asString()).isEqualTo("approved");
    JsonNode decision = change.path("decisions").get(0);
    assertThat(decision.path("approver").asString()).isEqualTo(reviewer);
    assertThat(decision.path("decision").asString()).isEqualTo("approve");
    long index = decision.path("entryIndex").asLong();
    JsonNode entry =
        TestWorkflow.json(
            service.get(
                "/api/ledger/entries/" + index,
                Optional.of(service.token("user:auditor", Role.AUDITOR))));
    // Its signed statement: a CAB approval whose actor is the reviewer, signed by the service.
    Envelope envelope = Envelope.parse(Base64.getDecoder().decode(entry.path("entry").asString()));
    Statement statement = Statement.parse(envelope.payload());
    assertThat(statement.predicate().eventType()).isEqualTo(EventType.CAB_APPROVED);
    assertThat(statement.predicate().actor().subject()).isEqualTo(reviewer);
    assertThat(statement.subjectDigest().hex()).isEqualTo(plan);
    assertThat(envelope.signatures()).hasSize(1);

    // The timeline's entry link opens the entry's exact signed bytes with the session alone.
    chrome.findElement(By.linkText("entry " + index)).click();
    new WebDriverWait(chrome, Duration.ofSeconds(20))
        .until(ExpectedConditions.urlContains("/console/entries/" + index));
    String shown = chrome.findElement(By.tagName("pre")).getText().strip();
    assertThat(Envelope.parse(shown.getBytes(StandardCharsets.UTF_8))).isEqualTo(envelope);
    // Another client's reviewer is told it does not exist, as for an index beyond the log.
    HttpClient other =
        TestConsole.signedIn(
            service, "user:other-" + id, Set.of(Role.CAB_APPROVER), Set.of("globex"), false);
    HttpResponse<String> hidden = TestConsole.get(other, service, "/console/entries/" + index);
    HttpResponse<String> missing =
        TestConsole.get(other, service, "/console/entries/" + Long.MAX_VALUE / 2);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(hidden.body())
        .contains("No entry " + index + ", or not within your client scope.")
        .doesNotContain("payloadType");
    assertThat(missing.body())
        .contains("No entry " + Long.MAX_VALUE / 2 + ", or not within your client scope.");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decisionForm_planChangedMeanwhile_saysPlainlyNotApprovedAndWritesNothing(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "low");
    WebDriver chrome = browser.driver();
    chrome.get(
        TestConsole.loginLink(
            service, "user:late-" + id, Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/changes/" + id).toString());
    // The pipeline re-plans while the reviewer reads the old plan.
    assertThat(TestWorkflow.replan(service, id, CLIENT, TestWorkflow.newPlanHash()).statusCode())
        .isEqualTo(201);
    long before = TestWorkflow.treeSize(service);

    chrome.findElement(By.cssSelector("input[name=decision][value=approve]")).click();
    chrome.findElement(By.id("justification")).sendKeys("Looks fine.");
    chrome.findElement(By.id("decide-submit")).click();

    new WebDriverWait(chrome, Duration.ofSeconds(20))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("not-recorded")));
    assertThat(chrome.findElement(By.tagName("h1")).getText())
        .isEqualTo("Your decision was NOT recorded");
    assertThat(chrome.findElement(By.id("not-recorded")).getText())
        .contains("The change was NOT approved");
    assertThat(chrome.findElement(By.id("reason")).getText()).contains("is not the plan of change");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decisionForm_withoutJustification_refusedByTheBrowserAndTheServer(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    String plan = TestWorkflow.newPlanHash();
    TestWorkflow.submit(service, id, CLIENT, plan, "low");
    WebDriver chrome = browser.driver();
    chrome.get(
        TestConsole.loginLink(
            service, "user:terse-" + id, Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/changes/" + id).toString());
    chrome.findElement(By.cssSelector("input[name=decision][value=approve]")).click();
    chrome.findElement(By.id("decide-submit")).click();
    // The browser holds the form back (required field); still on the change page.
    assertThat(chrome.getCurrentUrl()).isEqualTo(service.uri("/console/changes/" + id).toString());
    assertThat(chrome.findElement(By.id("justification")).getAttribute("validationMessage"))
        .isNotBlank();

    // A client that skips the browser's check gets the server's refusal, and nothing is written.
    HttpClient http =
        TestConsole.signedIn(
            service, "user:terse-" + id, Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false);
    String page = TestConsole.get(http, service, "/console/changes/" + id).body();
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> refused =
        TestConsole.postForm(
            http,
            service,
            "/console/changes/" + id + "/decisions",
            "decision=approve&planHash=" + plan + "&_csrf=" + TestConsole.csrf(page));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("NOT approved").contains("justification is required");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void queue_nothingWaiting_saysSoPlainly(Backend backend) {
    TestService service = TestService.shared(backend);
    String quiet = "quiet-" + TestWorkflow.newChangeId().toLowerCase(java.util.Locale.ROOT);
    WebDriver chrome = browser.driver();
    chrome.get(
        TestConsole.loginLink(
            service, "user:idle", Set.of(Role.CAB_APPROVER), Set.of(quiet), false));
    assertThat(chrome.findElement(By.id("queue-empty")).getText())
        .isEqualTo("Nothing waits for you: no pending change of your clients needs your review.");
    assertThat(chrome.findElements(By.id("queue"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void changePage_atPhoneWidthAndByKeyboard_isUsable(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "high");
    WebDriver chrome = browser.driver();
    chrome.manage().window().setSize(new org.openqa.selenium.Dimension(375, 812));
    chrome.get(
        TestConsole.loginLink(
            service, "user:phone", Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/changes/" + id).toString());

    // Nothing wider than the screen: no sideways scrolling to read a hash or a table.
    Object overflow =
        ((org.openqa.selenium.JavascriptExecutor) chrome)
            .executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertThat(((Number) overflow).longValue()).isLessThanOrEqualTo(0);

    // The first Tab reaches the skip link, which leads to the content.
    WebElement body = chrome.findElement(By.tagName("body"));
    body.sendKeys(org.openqa.selenium.Keys.TAB);
    WebElement focused = chrome.switchTo().activeElement();
    assertThat(focused.getText()).isEqualTo("Skip to content");
    // Every form field has a label.
    for (WebElement field :
        chrome.findElements(
            By.cssSelector("#decide textarea, #decide input[type=datetime-local]"))) {
      assertThat(
              chrome.findElements(By.cssSelector("label[for='" + field.getAttribute("id") + "']")))
          .as(field.getAttribute("name"))
          .hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decisionForm_conditionalWithLocalExpiry_recordsTheConditionsAndTheInstant(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    String plan = TestWorkflow.newPlanHash();
    TestWorkflow.submit(service, id, CLIENT, plan, "low");
    HttpClient http =
        TestConsole.signedIn(
            service, "user:cond-" + id, Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false);
    String page = TestConsole.get(http, service, "/console/changes/" + id).body();
    java.time.LocalDateTime local =
        java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusDays(2).withNano(0).withSecond(0);
    HttpResponse<String> posted =
        TestConsole.postForm(
            http,
            service,
            "/console/changes/" + id + "/decisions",
            "decision=conditional&justification=ok+with+a+window"
                + "&conditions=apply+in+the+maintenance+window%0D%0Anotify+on-call"
                + "&expiresAt="
                + local
                + "&zone=Europe%2FBerlin&planHash="
                + plan
                + "&_csrf="
                + TestConsole.csrf(page));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);

    JsonNode decision =
        TestWorkflow.json(
                service.get(
                    "/api/changes/" + id, Optional.of(service.token("user:auditor", Role.AUDITOR))))
            .path("decisions")
            .get(0);
    assertThat(decision.path("decision").asString()).isEqualTo("conditional");
    assertThat(decision.path("conditions").toString())
        .isEqualTo("[\"apply in the maintenance window\",\"notify on-call\"]");
    assertThat(java.time.Instant.parse(decision.path("expiresAt").asString()))
        .isEqualTo(local.atZone(java.time.ZoneId.of("Europe/Berlin")).toInstant());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void loginLink_secondUse_refusedWithAClearPage(Backend backend) {
    TestService service = TestService.shared(backend);
    String link =
        TestConsole.loginLink(service, "user:twice", Set.of(Role.AUDITOR), Set.of(CLIENT), false);
    WebDriver chrome = browser.driver();
    chrome.get(link);
    assertThat(chrome.getCurrentUrl()).isEqualTo(service.uri("/console").toString());
    chrome.manage().deleteAllCookies();

    chrome.get(link);
    assertThat(chrome.findElement(By.id("problem")).getText()).contains("already used");
    assertThat(chrome.findElements(By.id("signed-in-as"))).isEmpty();
    HttpResponse<String> again =
        TestConsole.send(TestConsole.client(), HttpRequest.newBuilder(URI.create(link)).build());
    assertThat(again.statusCode()).isEqualTo(410);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decisionForm_withoutCsrfToken_refusedAndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    String plan = TestWorkflow.newPlanHash();
    TestWorkflow.submit(service, id, CLIENT, plan, "low");
    HttpClient http =
        TestConsole.signedIn(
            service, "user:csrf", Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false);
    assertThat(TestConsole.get(http, service, "/console/changes/" + id).statusCode())
        .isEqualTo(200);

    HttpResponse<String> forged =
        TestConsole.postForm(
            http,
            service,
            "/console/changes/" + id + "/decisions",
            "decision=approve&justification=forged&planHash=" + plan);

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("Nothing was changed");
    JsonNode change =
        TestWorkflow.json(
            service.get(
                "/api/changes/" + id, Optional.of(service.token("user:auditor", Role.AUDITOR))));
    assertThat(change.path("decisions").size()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void changePage_anotherTenantsChange_isANotFoundPage(Backend backend) {
    TestService service = TestService.shared(backend);
    String theirs = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, theirs, "globex", TestWorkflow.newPlanHash(), "low");
    String missing = TestWorkflow.newChangeId();
    WebDriver chrome = browser.driver();
    chrome.get(
        TestConsole.loginLink(
            service, "user:tenant", Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));

    chrome.get(service.uri("/console/changes/" + theirs).toString());
    assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    assertThat(chrome.getPageSource()).doesNotContain("globex");
    chrome.get(service.uri("/console/changes/" + missing).toString());
    assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");

    HttpClient http =
        TestConsole.signedIn(
            service, "user:tenant", Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false);
    HttpResponse<String> page = TestConsole.get(http, service, "/console/changes/" + theirs);
    assertThat(page.statusCode()).isEqualTo(404);
    HttpResponse<String> none = TestConsole.get(http, service, "/console/changes/" + missing);
    assertThat(none.statusCode()).isEqualTo(404);
    // Another tenant's change and a missing one are the same page, but for the id asked for.
    assertThat(withoutCsrf(page.body()).replace(theirs, missing))
        .isEqualTo(withoutCsrf(none.body()));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void consolePages_sendStrictSecurityHeadersAndCookies(Backend backend) {
    TestService service = TestService.shared(backend);
    HttpClient http = TestConsole.client();
    HttpResponse<String> signIn = TestConsole.get(http, service, "/console/signin");
    assertThat(signIn.statusCode()).isEqualTo(200);
    assertThat(signIn.headers().firstValue("Content-Security-Policy"))
        .hasValue(
            "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none';"
                + " base-uri 'none'; form-action 'self'");
    assertThat(signIn.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(signIn.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(signIn.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(signIn.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    // No inline script or style anywhere: the policy would block it.
    assertThat(signIn.body()).doesNotContain("<script>").doesNotContain("style=");

    HttpResponse<String> login =
        TestConsole.send(
            http,
            HttpRequest.newBuilder(
                    URI.create(
                        TestConsole.loginLink(
                            service, "user:headers", Set.of(Role.AUDITOR), Set.of(CLIENT), false)))
                .build());
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).doesNotContain("token"));
    List<String> cookies = login.headers().allValues("Set-Cookie");
    assertThat(cookies)
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("CAB_CONSOLE_SESSION=")
                    .contains("HttpOnly")
                    .containsIgnoringCase("SameSite=Lax"));
    // Without a session the console sends the browser to sign in; the API still wants a token.
    HttpResponse<String> anonymous = TestConsole.get(TestConsole.client(), service, "/console");
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/console/signin"));
    // A console session is no API credential.
    assertThat(TestConsole.get(http, service, "/api/changes").statusCode()).isEqualTo(401);
  }

  private static String withoutCsrf(String html) {
    return html.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "");
  }

  @Test
  void failingBrowserTest_savesScreenshotAndPageSource() throws Exception {
    WebDriver chrome = browser.driver();
    TestService service = TestService.shared(Backend.SQLITE);
    chrome.get(service.uri("/console/signin").toString());
    List<Path> saved = TestBrowser.save(chrome, "ConsoleBrowserTest-save");
    assertThat(saved)
        .allSatisfy(p -> assertThat(p).startsWith(TestBrowser.FAILURES).isNotEmptyFile());
    assertThat(Files.readString(saved.get(1))).contains("Sign in to CAB Ledger");
    byte[] png = Files.readAllBytes(saved.get(0));
    assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    for (Path p : saved) {
      Files.delete(p);
    }
  }
}
