package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicJobTest {
  @Test
  void start_runsTheTaskAgainAndAgainOnItsThreadUntilStopped() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    String[] thread = new String[1];
    PeriodicJob job =
        new PeriodicJob(
            "test-job",
            Duration.ofMillis(5),
            () -> {
              thread[0] = Thread.currentThread().getName();
              runs.incrementAndGet();
              three.countDown();
            });

    job.start();
    job.start(); // a second start changes nothing

    assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(job.isRunning()).isTrue();
    assertThat(thread[0]).isEqualTo("test-job");
    job.stop();
    assertThat(job.isRunning()).isFalse();
    int stoppedAt = runs.get();
    Thread.sleep(50);
    assertThat(runs.get()).isEqualTo(stoppedAt);
  }

  @Test
  void new_periodBelowAMillisecond_isRefused() {
    assertThatThrownBy(() -> new PeriodicJob("x", Duration.ZERO, () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
