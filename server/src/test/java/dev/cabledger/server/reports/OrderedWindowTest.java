package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrderedWindowTest {

  @Test
  void submit_tasksFinishingOutOfOrder_consumedInSubmissionOrderWithinTheWindow()
      throws InterruptedException {
    List<Integer> consumed = new ArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostHeld = new AtomicInteger();
    int[] submitted = {0};
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      OrderedWindow<Integer> window =
          new OrderedWindow<>(
              pool,
              3,
              i -> {
                consumed.add(i);
                // Submitted and not consumed before this one: never more than the window.
                mostHeld.accumulateAndGet(submitted[0] - consumed.size() + 1, Math::max);
              });
      for (int i = 0; i < 40; i++) {
        int n = i;
        window.submit(
            () -> {
              running.incrementAndGet();
              try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(5));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return n;
            });
        submitted[0]++;
      }
      window.finish();
    }
    assertThat(consumed).hasSize(40).isSorted();
    assertThat(running.get()).isEqualTo(40);
    assertThat(mostHeld.get()).isLessThanOrEqualTo(3);
  }

  @Test
  void finish_taskFailed_rethrowsItsExceptionAndConsumesNothingAfterIt() {
    List<Integer> consumed = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      OrderedWindow<Integer> window = new OrderedWindow<>(pool, 4, consumed::add);
      window.submit(() -> 1);
      window.submit(
          () -> {
            throw new IllegalStateException("a node is missing");
          });
      window.submit(() -> 3);
      assertThatThrownBy(window::finish)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("a node is missing");
      window.cancel();
    }
    assertThat(consumed).containsExactly(1);
  }
}
