package dev.cabledger.cli;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size, thread-safe latency histogram: 1 µs buckets up to 10 ms, then 100 µs buckets up to
 * 10 s. Memory stays constant however many samples (a list of samples would grow with the log).
 */
final class LatencyHistogram {
  private static final int FINE = 10_000; // 1 µs each
  private static final int COARSE = 100_000; // 100 µs each
  private final AtomicLongArray buckets = new AtomicLongArray(FINE + COARSE + 1);

  void record(long nanos) {
    long micros = Math.max(0, nanos / 1_000);
    int bucket;
    if (micros < FINE) {
      bucket = (int) micros;
    } else {
      bucket = (int) Math.min(FINE + (micros - FINE) / 100, FINE + COARSE);
    }
    buckets.incrementAndGet(bucket);
  }

  /** The value at quantile {@code q} (0..1), in milliseconds; the bucket's upper edge. */
  double quantileMillis(double q) {
    long total = 0;
    for (int i = 0; i < buckets.length(); i++) {
      total += buckets.get(i);
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < buckets.length(); i++) {
      seen += buckets.get(i);
      if (seen >= rank) {
        double upperMicros = i < FINE ? i + 1 : FINE + (i - FINE + 1) * 100.0;
        return upperMicros / 1_000.0;
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
