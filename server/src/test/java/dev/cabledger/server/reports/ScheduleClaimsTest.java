package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScheduleClaimsTest {
  private static final Instant SLOT = Instant.parse("2026-11-26T09:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  @ParameterizedTest
  @EnumSource(Backend.class)
  void claim_manyAtOnce_oneWins(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend).migrate()) {
      ScheduleClaims claims = new ScheduleClaims(db.jdbc());
      List<CompletableFuture<Optional<ScheduleClaims.Claim>>> racing =
          IntStream.range(0, 6)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () -> claims.claim("daily", SLOT, SLOT.plusSeconds(3), TIMEOUT)))
              .toList();

      assertThat(racing.stream().map(CompletableFuture::join).filter(Optional::isPresent))
          .hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void claim_staleUnfinishedClaim_takenOverOnceAfterTheTimeoutOnly(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend).migrate()) {
      ScheduleClaims claims = new ScheduleClaims(db.jdbc());
      ScheduleClaims.Claim crashed = claims.claim("daily", SLOT, SLOT, TIMEOUT).orElseThrow();

      assertThat(claims.claim("daily", SLOT, SLOT.plus(TIMEOUT), TIMEOUT)).isEmpty();
      Optional<ScheduleClaims.Claim> taken =
          claims.claim("daily", SLOT, SLOT.plus(TIMEOUT).plusSeconds(1), TIMEOUT);
      assertThat(taken).isPresent();
      assertThat(claims.claim("daily", SLOT, SLOT.plus(TIMEOUT).plusSeconds(2), TIMEOUT)).isEmpty();
      // The crashed instance, were it only slow, finds its claim gone.
      assertThat(claims.renew(crashed, SLOT.plus(TIMEOUT).plusSeconds(3))).isFalse();
      assertThat(claims.renew(taken.get(), SLOT.plus(TIMEOUT).plusSeconds(3))).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void claim_finishedSlot_neverClaimedAgain_releasedSlot_claimedAgain(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend).migrate()) {
      ScheduleClaims claims = new ScheduleClaims(db.jdbc());
      ScheduleClaims.Claim done = claims.claim("daily", SLOT, SLOT, TIMEOUT).orElseThrow();
      claims.finish(done, UUID.randomUUID(), SLOT.plusSeconds(5));
      assertThat(claims.claim("daily", SLOT, SLOT.plus(Duration.ofDays(1)), TIMEOUT)).isEmpty();

      Instant next = SLOT.plus(Duration.ofDays(1));
      ScheduleClaims.Claim failed = claims.claim("daily", next, next, TIMEOUT).orElseThrow();
      claims.release(failed);
      assertThat(claims.claim("daily", next, next.plusSeconds(30), TIMEOUT)).isPresent();
    }
  }
}
