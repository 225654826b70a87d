package dev.cabledger.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FailedAuthenticationLimiterTest {

  @Test
  void failures_burstFromOneAddress_429ThenPublicStillServed() {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE);
        TestService service =
            TestService.start(
                db, "cab.identity.failure-limit=5", "cab.identity.failure-window=10m")) {
      for (int i = 0; i < 5; i++) {
        assertThat(service.get("/api/audit/ledger-check", Optional.of("guess-" + i)).statusCode())
            .isEqualTo(401);
      }
      HttpResponse<String> blocked = service.get("/api/audit/ledger-check", Optional.of("guess-5"));
      assertThat(blocked.statusCode()).isEqualTo(429);
      assertThat(blocked.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
      assertThat(JsonMapper.builder().build().readTree(blocked.body()).path("status").asInt())
          .isEqualTo(429);
      // Even a valid token waits out the window; verification without a token does not.
      String valid = service.token("user:ann", Role.AUDITOR);
      assertThat(service.get("/api/audit/ledger-check", Optional.of(valid)).statusCode())
          .isEqualTo(429);
      assertThat(service.get("/api/ledger/checkpoint", Optional.empty()).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void blockedFor_windowPassed_addressMayTryAgain() {
    MutableClock clock = new MutableClock();
    var limiter = new FailedAuthenticationLimiter(3, Duration.ofMinutes(1), 100, clock);
    for (int i = 0; i < 3; i++) {
      limiter.failed("10.0.0.1");
    }
    assertThat(limiter.blockedFor("10.0.0.1")).isPresent();
    assertThat(limiter.blockedFor("10.0.0.2")).isEmpty();
    clock.now = clock.now.plusSeconds(61);
    assertThat(limiter.blockedFor("10.0.0.1")).isEmpty();
  }

  @Test
  void failed_manyAddresses_memoryStaysBounded() {
    var limiter =
        new FailedAuthenticationLimiter(3, Duration.ofMinutes(1), 1000, Clock.systemUTC());
    for (int i = 0; i < 100_000; i++) {
      limiter.failed("addr-" + i);
    }
    assertThat(limiter.trackedAddresses()).isEqualTo(1000);
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-25T12:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
