package dev.cabledger.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestConsole;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Login links and bearer tokens are not interchangeable, and a link that is not valid signs no one
 * in, each with a page that says why.
 */
class LoginLinksTest {
  private static final Set<String> ACME = Set.of("acme");

  private static LocalIssuer issuer(TestService service) {
    return LocalIssuer.open(service.db().dataDir().resolve("keys"));
  }

  private static HttpResponse<String> open(TestService service, String token) {
    return TestConsole.get(
        TestConsole.client(),
        service,
        "/console/login?token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void loginLink_apiBearerToken_refused(Backend backend) {
    TestService service = TestService.shared(backend);
    String bearer = service.token("user:api", Set.of(Role.AUDITOR), ACME, false);
    HttpResponse<String> page = open(service, bearer);
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("not valid").contains("audience");
    assertThat(page.headers().allValues("Set-Cookie")).noneMatch(c -> c.contains("CAB_CONSOLE"));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void loginLinkToken_asApiBearerToken_refused(Backend backend) {
    TestService service = TestService.shared(backend);
    String link =
        issuer(service)
            .mintLoginLink(
                "user:link",
                Set.of(Role.AUDITOR),
                ACME,
                false,
                Duration.ofMinutes(5),
                Clock.systemUTC());
    assertThat(service.get("/api/changes", Optional.of(link)).statusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void loginLink_expired_refused(Backend backend) {
    TestService service = TestService.shared(backend);
    Clock tenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    String link =
        issuer(service)
            .mintLoginLink(
                "user:late",
                Set.of(Role.AUDITOR),
                ACME,
                false,
                Duration.ofMinutes(5),
                tenMinutesAgo);
    HttpResponse<String> page = open(service, link);
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("expired").contains("cab-ledger login-link");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void loginLink_withoutToken_refused(Backend backend) {
    TestService service = TestService.shared(backend);
    HttpResponse<String> page = TestConsole.get(TestConsole.client(), service, "/console/login");
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("no token");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void loginLink_used_forgetsLinksLongExpired(Backend backend) {
    TestService service = TestService.shared(backend);
    JdbcTemplate jdbc = service.app().getBean(JdbcTemplate.class);
    String old = "old-" + java.util.UUID.randomUUID();
    jdbc.update(
        "INSERT INTO console_login_link (token_id, subject, used_at, expires_at) VALUES (?, ?, ?, ?)",
        old,
        "user:old",
        "2020-01-01T00:00:00Z",
        "2020-01-01T00:05:00Z");
    TestConsole.signedIn(service, "user:new", Set.of(Role.AUDITOR), ACME, false);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM console_login_link WHERE token_id = ?", Long.class, old))
        .isZero();
  }

  @Test
  void mintLoginLink_longerThanAnHour_refused() {
    TestService service = TestService.shared(Backend.SQLITE);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                issuer(service)
                    .mintLoginLink(
                        "user:x",
                        Set.of(Role.AUDITOR),
                        ACME,
                        false,
                        Duration.ofHours(2),
                        Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most one hour");
  }
}
