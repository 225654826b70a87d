package dev.cabledger.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.VerifiedBundle;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsaVerifier;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestApproverKeys;
import dev.cabledger.server.TestBrowser;
import dev.cabledger.server.TestConsole;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.TrustRoot;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.storage.Backend;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * Deciding in the console with the reviewer's own key, signed in the browser (docs/console.md,
 * "Deciding with your key"), in headless Chromium on both databases, on services with the default
 * policy (high and critical approvals need the approver's signature).
 */
class DecideWithKeyJourneyTest {
  private static final String CLIENT = "acme";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Map<Backend, TestService> SERVICES = new EnumMap<>(Backend.class);

  /** A name for the service that is not a loopback address, so its pages are not secure. */
  private static final String INSECURE_HOST = "console.test";

  @RegisterExtension
  final TestBrowser browser =
      new TestBrowser("--host-resolver-rules=MAP " + INSECURE_HOST + " 127.0.0.1");

  private static synchronized TestService service(Backend backend) {
    return SERVICES.computeIfAbsent(
        backend,
        b -> {
          TestDatabase db = TestDatabase.create(b);
          TestService service =
              TestService.start(
                  db,
                  "cab.workflow.expiry-interval=24h",
                  "cab.workflow.require-approver-signature=high,critical");
          Runtime.getRuntime()
              .addShutdownHook(
                  new Thread(
                      () -> {
                        service.close();
                        db.close();
                      }));
          return service;
        });
  }

  private static String newUser(String name) {
    return "user:" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void journey_twoApproversSignInTheirBrowsers_gateApprovesAndTheBundleVerifies(Backend backend) {
    TestService service = service(backend);
    long from = TestWorkflow.treeSize(service);
    String id = TestWorkflow.newChangeId();
    String plan = TestWorkflow.newPlanHash();
    TestWorkflow.submit(service, id, CLIENT, plan, "high");
    String alice = newUser("alice");
    String bob = newUser("bob");
    ChromeDriver first = browser.driver();

    // Sign in with a login link; the queue lists the high-risk change; open it.
    first.get(
        TestConsole.loginLink(service, alice, Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));
    WebElement row =
        first.findElement(By.xpath("//table[@id='queue']//a[text()='" + id + "']/ancestor::tr"));
    row.findElement(By.linkText(id)).click();
    // No key in this browser yet: the page offers the command line, not the form.
    assertThat(signing(first)).isEqualTo("cli");

    KeyId aliceKey = enrolInBrowser(first, service, alice);
    first.navigate().refresh();
    approveInBrowser(first, id, plan, alice, aliceKey, "Rollback rehearsed in staging.");
    assertThat(first.findElement(By.id("status")).getText()).isEqualTo("pending");

    // A second approver, in a browser of their own, with a key of their own.
    ChromeDriver second = browser.another();
    second.get(
        TestConsole.loginLink(service, bob, Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));
    second.get(service.uri("/console/changes/" + id).toString());
    KeyId bobKey = enrolInBrowser(second, service, bob);
    second.navigate().refresh();
    approveInBrowser(second, id, plan, bob, bobKey, "Capacity checked.");
    assertThat(second.findElement(By.id("status")).getText()).isEqualTo("approved");

    JsonNode gate =
        TestApi.json(
            service.get(
                "/api/gate?change=" + id + "&planHash=" + plan + "&environment=production",
                Optional.of(TestWorkflow.requester(service, "user:deployer", CLIENT))));
    assertThat(gate.path("decision").asString())
        .as(gate.path("reasons").toString())
        .isEqualTo("APPROVED");

    // Each approval's entry carries its approver's signature (first) and the service's, over the
    // statement whose actor is that approver.
    JsonNode change =
        TestWorkflow.json(
            service.get(
                "/api/changes/" + id, Optional.of(service.token("user:auditor", Role.AUDITOR))));
    Map<String, KeyId> keys = Map.of(alice, aliceKey, bob, bobKey);
    assertThat(change.path("decisions").size()).isEqualTo(2);
    for (JsonNode decision : change.path("decisions")) {
      String approver = decision.path("approver").asString();
      Envelope entry =
          Envelope.parse(
              service
                  .app()
                  .getBean(LogReader.class)
                  .entry(decision.path("entryIndex").asLong())
                  .bytes());
      Statement statement = Statement.parse(entry.payload());
      assertThat(statement.predicate().eventType()).isEqualTo(EventType.CAB_APPROVED);
      assertThat(statement.predicate().actor().subject()).isEqualTo(approver);
      assertThat(entry.signatures()).hasSize(2);
      assertThat(entry.signatures().getFirst().keyId()).isEqualTo(keys.get(approver));
      RegisteredKey key = TestApi.keys(service).find(keys.get(approver)).orElseThrow();
      assertThat(key.owner()).isEqualTo(approver);
      new MlDsaVerifier(key.toPublicKey())
          .verify(
              Envelope.pae(entry.payloadType(), entry.payload()),
              entry.signatures().getFirst().sig());
    }

    // The auditor's offline verifier, with the log's public key only, checks every signature of
    // the exported bundle and re-derives the gate's APPROVED, which counts only approver-signed
    // approvals of a high-risk change.
    VerifiedBundle verified =
        new BundleVerifier(
                Optional.of(service.app().getBean(TrustRoot.class).trust()), Optional.empty())
            .verify(new ByteArrayInputStream(bundle(service, from)));
    assertThat(verified.gates().mismatched()).isZero();
    assertThat(verified.gates().matched()).isGreaterThanOrEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void signFailure_keyDeletedBetweenPrepareAndSign_saysNotApprovedAndRecordsNothing(
      Backend backend) {
    TestService service = service(backend);
    String id = TestWorkflow.newChangeId();
    String plan = TestWorkflow.newPlanHash();
    TestWorkflow.submit(service, id, CLIENT, plan, "high");
    String carol = newUser("carol");
    ChromeDriver chrome = signedInOnChange(service, carol, id);
    enrolInBrowser(chrome, service, carol);
    chrome.navigate().refresh();
    prepareInBrowser(chrome, "Looks right.");

    // The key is dropped from this browser's store while the reviewer reads what they sign.
    script(chrome, "await m.forgetKey(args[0]); return {};", carol);
    long before = TestWorkflow.treeSize(service);
    chrome.findElement(By.id("sign-submit")).click();

    assertNotRecorded(chrome, service, id, before);
    assertThat(chrome.findElement(By.id("reason")).getText()).contains("gone");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void signFailure_serverRefusesARetiredKey_saysNotApprovedAndRecordsNothing(Backend backend) {
    TestService service = service(backend);
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "high");
    String dave = newUser("dave");
    ChromeDriver chrome = signedInOnChange(service, dave, id);
    KeyId key = enrolInBrowser(chrome, service, dave);
    chrome.navigate().refresh();
    prepareInBrowser(chrome, "Fine by me.");

    // The key is retired meanwhile: the browser still signs, the service refuses the signature.
    HttpResponse<String> retired =
        service.post(
            "/api/keys/" + key.value() + "/retire",
            "{\"reason\": \"laptop replaced\"}",
            Optional.of(service.token(dave, Role.CAB_APPROVER)));
    assertThat(retired.statusCode()).as(retired.body()).isEqualTo(201);
    long before = TestWorkflow.treeSize(service);
    chrome.findElement(By.id("sign-submit")).click();

    assertNotRecorded(chrome, service, id, before);
    assertThat(chrome.findElement(By.id("reason")).getText()).contains("not active");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void changePage_noKeyInThisBrowser_highRiskShowsTheCommandLowRiskTheServiceForm(Backend backend) {
    TestService service = service(backend);
    String high = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, high, CLIENT, TestWorkflow.newPlanHash(), "high");
    String low = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, low, CLIENT, TestWorkflow.newPlanHash(), "low");
    ChromeDriver chrome = signedInOnChange(service, newUser("erin"), high);

    assertThat(signing(chrome)).isEqualTo("cli");
    assertThat(chrome.findElement(By.id("cannot-sign")).getText())
        .contains("holds no approver key of yours");
    String command = chrome.findElement(By.id("cli-command")).getText();
    assertThat(command)
        .startsWith(
            "./cab-ledger approve --server " + service.uri("/").toString().replaceAll("/$", ""))
        .contains("--change " + high);
    assertThat(chrome.findElement(By.id("decide")).isDisplayed()).isFalse();

    chrome.get(service.uri("/console/changes/" + low).toString());
    assertThat(signing(chrome)).isEqualTo("service");
    assertThat(chrome.findElement(By.id("decide")).isDisplayed()).isTrue();
    assertThat(chrome.findElement(By.id("cli-fallback")).isDisplayed()).isFalse();
    assertThat(chrome.findElement(By.id("browser-signing")).getText())
        .contains("Signed by the service");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void changePage_browserOffersNoMlDsa_highRiskSaysWhyAndShowsTheCommand(Backend backend) {
    TestService service = service(backend);
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "high");
    ChromeDriver chrome = browser.driver();
    // Over plain HTTP to a name that is not the loopback address the browser offers no WebCrypto.
    String insecure = "http://" + INSECURE_HOST + ":" + service.uri("/").getPort();
    chrome.get(
        TestConsole.loginLink(
                service, newUser("grace"), Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false)
            .replace(service.uri("/").toString().replaceAll("/$", ""), insecure));
    chrome.get(insecure + "/console/changes/" + id);

    assertThat(signing(chrome)).isEqualTo("cli");
    assertThat(chrome.findElement(By.id("cannot-sign")).getText()).contains("not a secure context");
    assertThat(chrome.findElement(By.id("cli-command")).getText()).contains("--change " + id);
    assertThat(chrome.findElement(By.id("decide")).isDisplayed()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void consoleApi_withoutCsrfHeaderOrRoleOrWithBadInput_refusedAndWritesNothing(Backend backend) {
    TestService service = service(backend);
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "high");
    String prepare = "/console/api/changes/" + id + "/decisions/prepare";
    String body = "{\"decision\": \"approve\", \"justification\": \"reviewed\"}";
    HttpClient approver =
        TestConsole.signedIn(
            service, newUser("frank"), Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false);
    String token = csrfHeader(TestConsole.get(approver, service, "/console/changes/" + id).body());
    long before = TestWorkflow.treeSize(service);

    // The session alone is not enough: a cross-site page could send it.
    assertThat(postJson(approver, service, prepare, body, Map.of()).statusCode()).isEqualTo(403);
    // With the page's CSRF header it is the API's prepare, problem+json for bad input.
    HttpResponse<String> bad =
        postJson(approver, service, prepare, "{\"decision\": \"maybe\"}", token(token));
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    HttpResponse<String> prepared = postJson(approver, service, prepare, body, token(token));
    assertThat(prepared.statusCode()).as(prepared.body()).isEqualTo(201);
    assertThat(TestWorkflow.json(prepared).path("summary").path("changeId").asString())
        .isEqualTo(id);
    // Another role is refused, and a bearer token opens no console route.
    HttpClient auditor =
        TestConsole.signedIn(service, "user:auditor", Set.of(Role.AUDITOR), Set.of(CLIENT), false);
    String auditors =
        csrfHeader(TestConsole.get(auditor, service, "/console/changes/" + id).body());
    assertThat(postJson(auditor, service, prepare, body, token(auditors)).statusCode())
        .isEqualTo(403);
    HttpResponse<String> bearer =
        postJson(
            TestConsole.client(),
            service,
            prepare,
            body,
            Map.of("Authorization", "Bearer " + service.token("user:frank", Role.CAB_APPROVER)));
    // (refused as a request without the session's CSRF token, before any sign-in is asked for)
    assertThat(bearer.statusCode()).isEqualTo(403);
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  private static Map<String, String> token(String value) {
    return Map.of("X-CSRF-TOKEN", value);
  }

  /**
   * The session's CSRF token as a module sends it: the decide section's, or (on a page without it)
   * the sign-out form's.
   */
  private static String csrfHeader(String html) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?:data-csrf-token|name=\"_csrf\" value)=\"([^\"]+)\"")
            .matcher(html);
    assertThat(m.find()).as("a CSRF token for the module in the page").isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> postJson(
      HttpClient http, TestService service, String path, String json, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(service.uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(request::header);
    return TestConsole.send(http, request.build());
  }

  private ChromeDriver signedInOnChange(TestService service, String user, String id) {
    ChromeDriver chrome = browser.driver();
    chrome.get(
        TestConsole.loginLink(service, user, Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/changes/" + id).toString());
    return chrome;
  }

  /** How the page's module decided to sign: browser, service or cli. */
  private static String signing(ChromeDriver chrome) {
    WebElement section = chrome.findElement(By.id("decide-section"));
    new WebDriverWait(chrome, WAIT).until(d -> section.getDomAttribute("data-signing") != null);
    return section.getDomAttribute("data-signing");
  }

  /**
   * Makes a key in this browser and enrols it through the API (the page's origin, a bearer token),
   * then a platform admin approves it; returns its id.
   */
  private static KeyId enrolInBrowser(ChromeDriver chrome, TestService service, String user) {
    Map<String, Object> enrolled =
        script(
            chrome,
            """
            const key = await m.generateKey(args[0]);
            const answer = await m.enrol(key, {headers: {Authorization: "Bearer " + args[1]}});
            return {keyId: key.keyId, enrolmentId: answer.enrolment.enrolmentId};
            """,
            user,
            service.token(user, Role.CAB_APPROVER));
    HttpResponse<String> approved =
        TestApproverKeys.approve(
            service, TestApproverKeys.ADMIN, (String) enrolled.get("enrolmentId"));
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
    return new KeyId((String) enrolled.get("keyId"));
  }

  /** Fills the decide form and prepares: the page shows what it is about to sign. */
  private static void prepareInBrowser(ChromeDriver chrome, String justification) {
    assertThat(signing(chrome)).isEqualTo("browser");
    chrome.findElement(By.cssSelector("input[name=decision][value=approve]")).click();
    chrome.findElement(By.id("justification")).sendKeys(justification);
    chrome.findElement(By.id("decide-submit")).click();
    new WebDriverWait(chrome, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
  }

  private static void approveInBrowser(
      ChromeDriver chrome, String id, String plan, String user, KeyId key, String why) {
    prepareInBrowser(chrome, why);
    // The summary is read from the prepared bytes themselves.
    String summary = chrome.findElement(By.id("confirm-summary")).getText();
    assertThat(summary).contains(id, plan, "CAB_APPROVED", user, why);
    chrome.findElement(By.id("sign-submit")).click();
    new WebDriverWait(chrome, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("recorded")));
    assertThat(chrome.findElement(By.id("recorded")).getText())
        .contains("signed with your key " + key.value());
    assertThat(chrome.findElement(By.id("receipt")).getText()).contains("Leaf hash");
    assertThat(chrome.findElement(By.id("receipt-checkpoint")).getText()).isNotBlank();
  }

  private static void assertNotRecorded(
      ChromeDriver chrome, TestService service, String id, long before) {
    new WebDriverWait(chrome, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("not-recorded")));
    assertThat(chrome.findElement(By.id("not-recorded")).getText())
        .contains("The change was NOT approved")
        .contains("Nothing was recorded");
    assertThat(chrome.findElements(By.id("recorded"))).isEmpty();
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    JsonNode change =
        TestWorkflow.json(
            service.get(
                "/api/changes/" + id, Optional.of(service.token("user:auditor", Role.AUDITOR))));
    assertThat(change.path("decisions").size()).isZero();
    assertThat(change.path("status").asString()).isEqualTo("pending");
  }

  /**
   * Runs {@code body} as an async function of {@code m} (the approver key module) and {@code args}
   * in the page; returns its result, or fails with the error the page threw.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> script(ChromeDriver chrome, String body, Object... args) {
    String script =
        """
        const done = arguments[arguments.length - 1];
        const args = Array.prototype.slice.call(arguments, 0, -1);
        import("/console/js/approver-key.js")
          .then((m) => (async (m, args) => {
        %s
          })(m, args))
          .then((value) => done({value}),
                (e) => done({error: String(e?.name) + " (" + String(e?.code) + "): "
                                    + String(e?.message)}));
        """
            .formatted(body);
    Map<String, Object> answer = (Map<String, Object>) chrome.executeAsyncScript(script, args);
    assertThat(answer).as("the page's answer").doesNotContainKey("error");
    return (Map<String, Object>) answer.get("value");
  }

  private static byte[] bundle(TestService service, long from) {
    HttpResponse<byte[]> response =
        service.sendForBytes(
            service
                .request(
                    "/api/audit/bundle?from=" + from,
                    Optional.of(service.token("user:audit", Role.AUDITOR)))
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
