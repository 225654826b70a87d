package dev.cabledger.server.workflow;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run on its own daemon thread every {@code every} (from the end of one run to the start of
 * the next), between {@link #start} and {@link #stop}: the timer of the service's background jobs,
 * which their lifecycles start and stop with the service.
 */
public final class PeriodicJob {
  private final String threadName;
  private final Duration every;
  private final Runnable task;
  private Optional<ScheduledExecutorService> timer = Optional.empty();

  /**
   * @param task what to run; it handles its own failures (an exception would end the runs)
   */
  public PeriodicJob(String threadName, Duration every, Runnable task) {
    if (every.toMillis() < 1) {
      throw new IllegalArgumentException("a job runs at most every millisecond, not " + every);
    }
    this.threadName = threadName;
    this.every = every;
    this.task = task;
  }

  /** Starts the runs, the first one period from now; nothing if running. */
  public synchronized void start() {
    if (timer.isPresent()) {
      return;
    }
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name(threadName).daemon().unstarted(r));
    long millis = every.toMillis();
    t.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
    timer = Optional.of(t);
  }

  /** Stops the runs, waiting up to 10 s for one under way. */
  public synchronized void stop() {
    timer.ifPresent(
        t -> {
          t.shutdownNow();
          try {
            t.awaitTermination(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    timer = Optional.empty();
  }

  public synchronized boolean isRunning() {
    return timer.isPresent();
  }
}
