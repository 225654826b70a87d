package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JitWarmUpTest {

  @Test
  void run_noMinimumNorMaximum_runsOneRound() throws Exception {
    AtomicInteger rounds = new AtomicInteger();

    JitWarmUp.Outcome outcome =
        JitWarmUp.run(rounds::incrementAndGet, Duration.ZERO, Duration.ZERO);

    assertThat(rounds).hasValue(1);
    assertThat(outcome.rounds()).isEqualTo(1);
  }

  @Test
  void run_roundsThatCompileNothing_endWhenTheJitIsQuiet() throws Exception {
    AtomicInteger rounds = new AtomicInteger();

    JitWarmUp.Outcome outcome =
        JitWarmUp.run(
            () -> {
              Thread.sleep(100);
              return rounds.incrementAndGet();
            },
            Duration.ofSeconds(1),
            Duration.ofSeconds(60));

    assertThat(outcome.quiet()).as(outcome.describe()).isTrue();
    assertThat(outcome.lastMillisPerSecond()).isLessThan(JitWarmUp.QUIET_MILLIS_PER_SECOND);
    // Quiet is judged over a whole window, so at least one window of rounds ran.
    assertThat(outcome.seconds()).isGreaterThanOrEqualTo(JitWarmUp.WINDOW.toSeconds());
    assertThat(outcome.seconds()).isLessThan(60);
    assertThat(outcome.rounds()).isEqualTo(rounds.get());
    assertThat(outcome.describe()).contains("JIT quiet");
  }

  @Test
  void run_maximumBelowMinimum_refused() {
    assertThatThrownBy(() -> JitWarmUp.run(() -> null, Duration.ofSeconds(2), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximum");
  }
}
