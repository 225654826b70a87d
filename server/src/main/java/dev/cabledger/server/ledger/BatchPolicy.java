package dev.cabledger.server.ledger;

import java.time.Duration;

/**
 * How the sequencer groups appends into one transaction and one signed checkpoint.
 *
 * <p>A checkpoint signature costs about as much CPU as an entry's own signature, so batches of a
 * handful of entries spend a large share of the machine on checkpoints. When the writer finds
 * others queued behind the first entry (the log is busy), letting the batch wait a few milliseconds
 * for more keeps batches large under load (measured with {@code cab-ledger bench append}); it stops
 * waiting once no entry arrived for a millisecond. An entry found alone commits at once, so a quiet
 * log adds no delay to a caller (measured with {@code cab-ledger bench workflow}).
 *
 * @param maxEntries the most entries in one batch
 * @param maxDelay how long a busy batch may wait for others; zero commits at once
 */
public record BatchPolicy(int maxEntries, Duration maxDelay) {
  public BatchPolicy {
    if (maxEntries < 1 || maxEntries > 10_000) {
      throw new IllegalArgumentException("a batch holds 1 to 10000 entries, not " + maxEntries);
    }
    if (maxDelay.isNegative() || maxDelay.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("a batch delay is 0 to 1 s, not " + maxDelay);
    }
  }
}
