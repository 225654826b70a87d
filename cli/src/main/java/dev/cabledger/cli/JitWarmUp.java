package dev.cabledger.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * A bench's untimed warm-up: repeats a round of the bench's own work until the JIT has compiled
 * what it runs, so that no measured phase pays for compilation.
 *
 * <p>A fixed warm-up was too short for some paths and hosts: after 5,000 appends the compiler
 * threads still took 2.1 s of CPU in the first measured phase of {@code bench append} (its ratio
 * 0.52 against 0.65–0.86 for the later ones), and after 30 s of workflow they took 0.8–2.5 s in
 * each phase. The JIT counts as quiet when, over a window of at least {@link #WINDOW}, it compiled
 * for less than {@link #QUIET_MILLIS_PER_SECOND} ms per second (the compiler's accumulated time,
 * from the {@link CompilationMXBean}).
 */
final class JitWarmUp {
  /** The shortest stretch of rounds judged at a time. */
  static final Duration WINDOW = Duration.ofSeconds(3);

  /** Compilation per second of wall time below which the JIT counts as quiet. */
  static final double QUIET_MILLIS_PER_SECOND = 20;

  /**
   * How a warm-up ended.
   *
   * @param rounds rounds run
   * @param seconds their wall time
   * @param lastMillisPerSecond the compilation per second of the last window
   * @param quiet whether the JIT was quiet at the end (else the warm-up hit its maximum)
   */
  record Outcome(int rounds, double seconds, double lastMillisPerSecond, boolean quiet) {
    /** One line for the bench's output. */
    String describe() {
      return String.format(
          Locale.ROOT,
          "%d rounds in %.0f s; JIT %s (%.0f ms of compilation per second in the last %d s)",
          rounds,
          seconds,
          quiet ? "quiet" : "still compiling at the maximum",
          lastMillisPerSecond,
          WINDOW.toSeconds());
    }
  }

  private JitWarmUp() {}

  /**
   * Runs {@code round} at least for {@code atLeast}, then until the JIT is quiet, at most for
   * {@code atMost}.
   *
   * @throws IllegalArgumentException if {@code atMost} is shorter than {@code atLeast}
   */
  static Outcome run(Callable<?> round, Duration atLeast, Duration atMost) throws Exception {
    if (atMost.compareTo(atLeast) < 0) {
      throw new IllegalArgumentException("the warm-up's maximum is shorter than its minimum");
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean measured = jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    long windowStart = start;
    long compiledAtWindowStart = measured ? jit.getTotalCompilationTime() : 0;
    double lastRate = Double.NaN;
    int rounds = 0;
    while (true) {
      round.call();
      rounds++;
      long now = System.nanoTime();
      if (now - windowStart >= WINDOW.toNanos() && measured) {
        long compiled = jit.getTotalCompilationTime();
        lastRate = (compiled - compiledAtWindowStart) / ((now - windowStart) / 1e9);
        windowStart = now;
        compiledAtWindowStart = compiled;
      }
      boolean quiet = measured && lastRate < QUIET_MILLIS_PER_SECOND;
      long elapsed = now - start;
      if (elapsed >= atLeast.toNanos() && (quiet || elapsed >= atMost.toNanos())) {
        return new Outcome(rounds, elapsed / 1e9, Double.isNaN(lastRate) ? 0 : lastRate, quiet);
      }
    }
  }
}
