package dev.cabledger.server.keylifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.TestApi;
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
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's key page and the admins' enrolments page in a real headless Chromium, on both
 * databases: a key made in the browser, enrolled from the page, approved on the admin page.
 */
class KeyPagesTest {
  private static final String CLIENT = "acme";

  @RegisterExtension final TestBrowser browser = new TestBrowser();

  @ParameterizedTest
  @EnumSource(Backend.class)
  void keyPage_keyMadeInTheBrowser_enrolledAndApprovedOnTheAdminPage_isListed(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = "user:key-page-" + TestWorkflow.newChangeId();
    WebDriver chrome = browser.driver();
    WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(30));
    chrome.get(
        TestConsole.loginLink(service, alice, Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/keys").toString());

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("create-key")));
    assertThat(chrome.findElement(By.id("support")).getText()).contains("supports ML-DSA-65");
    assertThat(chrome.findElement(By.id("browser-key")).getText()).isEqualTo("none");
    assertThat(chrome.findElement(By.id("no-registered")).isDisplayed()).isTrue();
    chrome.findElement(By.id("create-key")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("enrol-result"), "Key "));
    String keyId = chrome.findElement(By.id("browser-key")).getText();
    assertThat(keyId).startsWith("mldsa65-");
    assertThat(chrome.findElement(By.id("enrol-result")).getText())
        .contains(keyId + " is enrolled");
    chrome.navigate().refresh();
    assertThat(chrome.findElement(By.id("pending")).getText()).contains(keyId);
    wait.until(ExpectedConditions.textToBe(By.id("browser-key"), keyId));

    // A platform admin approves it on the admin page.
    chrome.manage().deleteAllCookies();
    chrome.get(
        TestConsole.loginLink(
            service, "user:key-admin", Set.of(Role.PLATFORM_ADMIN), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/admin/enrolments").toString());
    var row =
        chrome.findElement(
            By.xpath("//table[@id='enrolments']//tr[.//code[text()='" + keyId + "']]"));
    assertThat(row.getText()).contains(alice).contains("requested");
    row.findElement(By.tagName("button")).click();
    assertThat(chrome.findElement(By.id("approved")).getText())
        .contains("Key " + keyId + " of " + alice + " is registered");

    RegisteredKey key = TestApi.keys(service).find(new KeyId(keyId)).orElseThrow();
    assertThat(key.owner()).isEqualTo(alice);
    assertThat(key.purpose()).isEqualTo("approver");
    assertThat(key.status()).isEqualTo(KeyStatus.ACTIVE);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void keyPage_browserWithoutMlDsa_saysSoAndOffersTheCommandLine(Backend backend) {
    TestService service = TestService.shared(backend);
    ChromeDriver chrome = browser.driver();
    // A browser whose WebCrypto lacks ML-DSA-65, as most do today: generateKey refuses it.
    chrome.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of(
            "source",
            """
            const generate = SubtleCrypto.prototype.generateKey;
            SubtleCrypto.prototype.generateKey = function (algorithm, ...rest) {
              if ((algorithm?.name ?? algorithm) === "ML-DSA-65") {
                return Promise.reject(
                    new DOMException("Algorithm: Unrecognized name", "NotSupportedError"));
              }
              return generate.call(this, algorithm, ...rest);
            };
            """));
    chrome.get(
        TestConsole.loginLink(
            service, "user:key-old-browser", Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/keys").toString());

    new WebDriverWait(chrome, Duration.ofSeconds(30))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("cli")));
    assertThat(chrome.findElement(By.id("support")).getText())
        .contains("cannot make or hold an ML-DSA-65 key")
        .contains("has no ML-DSA-65");
    assertThat(chrome.findElement(By.id("cli")).getText()).contains("cab-ledger keys enrol");
    assertThat(chrome.findElement(By.id("create-key")).isDisplayed()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void keyPages_otherRolesAndForgedRequests_refusedAndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    WebDriver chrome = browser.driver();
    // An auditor holds no approver key and approves no enrolment.
    chrome.get(
        TestConsole.loginLink(
            service, "user:key-auditor", Set.of(Role.AUDITOR), Set.of(CLIENT), false));
    chrome.get(service.uri("/console/keys").toString());
    assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
    chrome.get(service.uri("/console/admin/enrolments").toString());
    assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");

    // The console's enrolment endpoint takes the session only with its CSRF header.
    HttpClient approver =
        TestConsole.signedIn(
            service, "user:key-csrf", Set.of(Role.CAB_APPROVER), Set.of(CLIENT), false);
    assertThat(TestConsole.get(approver, service, "/console/api/keys/enrolments/challenge").body())
        .contains("\"challenge\"");
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> forged =
        TestConsole.send(
            approver,
            HttpRequest.newBuilder(service.uri("/console/api/keys/enrolments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(forged.statusCode()).isEqualTo(403);
    // And a session is no bearer token for the API's own path.
    HttpResponse<String> api =
        TestConsole.send(
            approver,
            HttpRequest.newBuilder(
                    URI.create(service.uri("/api/keys/enrolments/challenge").toString()))
                .build());
    assertThat(api.statusCode()).isEqualTo(401);

    // The admin page's approval of a missing enrolment says so and writes nothing.
    HttpClient admin =
        TestConsole.signedIn(
            service, "user:key-admin2", Set.of(Role.PLATFORM_ADMIN), Set.of(CLIENT), false);
    String page = TestConsole.get(admin, service, "/console/admin/enrolments").body();
    HttpResponse<String> missing =
        TestConsole.postForm(
            admin,
            service,
            "/console/admin/enrolments/00000000-0000-4000-8000-000000000000/approve",
            "_csrf=" + TestConsole.csrf(page));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("NOT registered");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }
}
