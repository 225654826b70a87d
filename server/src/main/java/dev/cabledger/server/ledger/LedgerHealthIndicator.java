package dev.cabledger.server.ledger;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code ledger} health component: DOWN while appends fail (from a failed batch until a batch
 * or the sequencer's probe succeeds) and while the log cannot be read; UP with the tree size
 * otherwise. A database that answers {@code SELECT 1} may still refuse every append (a full disk, a
 * lock held elsewhere), so this reports on appends themselves.
 */
final class LedgerHealthIndicator implements HealthIndicator {
  private final Sequencer sequencer;
  private final LedgerStore store;

  LedgerHealthIndicator(Sequencer sequencer, LedgerStore store) {
    this.sequencer = sequencer;
    this.store = store;
  }

  @Override
  public Health health() {
    var failure = sequencer.failure();
    if (failure.isPresent()) {
      return Health.down().withDetail("appends", failure.get()).build();
    }
    long size;
    try {
      size = store.treeSize();
    } catch (RuntimeException e) {
      return Health.down().withDetail("reads", "the log cannot be read: " + e).build();
    }
    return Health.up().withDetail("treeSize", size).build();
  }
}
