package dev.cabledger.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestBrowser;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.storage.Backend;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's OIDC sign-in (authorization code with PKCE) against a real Spring Authorization
 * Server started by the test, driven through its login form in a headless Chromium, on both
 * databases.
 */
class OidcSignInTest {
  private static OidcProvider.Running provider;

  @RegisterExtension final TestBrowser browser = new TestBrowser();

  @BeforeAll
  static void startProvider() {
    provider = OidcProvider.start();
  }

  @AfterAll
  static void stopProvider() {
    provider.close();
  }

  private static TestService console(TestDatabase db) {
    TestService service =
        TestService.start(
            db,
            "spring.security.oauth2.client.registration.corp.client-id=" + OidcProvider.CLIENT_ID,
            "spring.security.oauth2.client.registration.corp.client-secret="
                + OidcProvider.CLIENT_SECRET,
            "spring.security.oauth2.client.registration.corp.scope=openid",
            "spring.security.oauth2.client.registration.corp.client-name=Corp SSO",
            "spring.security.oauth2.client.provider.corp.issuer-uri=" + provider.issuer(),
            "cab.workflow.expiry-interval=24h");
    provider.registerConsole(service.uri("/login/oauth2/code/corp"));
    return service;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void oidcSignIn_throughTheProvidersLoginForm_startsASessionWithTheTokensRoles(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = console(db)) {
      WebDriver chrome = browser.driver();
      signIn(chrome, service, "carol");

      new WebDriverWait(chrome, Duration.ofSeconds(30))
          .until(ExpectedConditions.urlToBe(service.uri("/console").toString()));
      assertThat(chrome.findElement(By.id("signed-in-as")).getText()).isEqualTo("carol");
      assertThat(chrome.findElement(By.cssSelector(".who")).getText()).contains("CAB_APPROVER");
      assertThat(chrome.findElement(By.tagName("h1")).getText()).isEqualTo("Review queue");
      // The client filter offers the clients of her ID token, and no other.
      assertThat(chrome.findElement(By.name("client")).getText()).contains("acme");
      chrome.get(service.uri("/console/ledger").toString());
      assertThat(chrome.findElement(By.id("tree-size")).getText()).isNotBlank();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void oidcSignIn_principalWithoutRole_isNotSignedInAndToldWhy(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = console(db)) {
      WebDriver chrome = browser.driver();
      signIn(chrome, service, "dave");

      new WebDriverWait(chrome, Duration.ofSeconds(30))
          .until(ExpectedConditions.urlContains("/console/signin?noRole"));
      assertThat(chrome.getPageSource()).contains("granted you no CAB Ledger role");
      chrome.get(service.uri("/console").toString());
      assertThat(chrome.getCurrentUrl()).isEqualTo(service.uri("/console/signin").toString());
    }
  }

  /** From the console's sign-in page through the provider's login form. */
  private static void signIn(WebDriver chrome, TestService service, String user) {
    chrome.get(service.uri("/console/signin").toString());
    chrome.findElement(By.linkText("Sign in with Corp SSO")).click();
    new WebDriverWait(chrome, Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    assertThat(chrome.getCurrentUrl()).startsWith(provider.issuer().toString());
    chrome.findElement(By.id("username")).sendKeys(user);
    chrome.findElement(By.id("password")).sendKeys(OidcProvider.PASSWORD);
    chrome.findElement(By.cssSelector("button[type=submit]")).click();
  }
}
