package dev.cabledger.server.ledger;

import dev.cabledger.core.Digest;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.NodeId;
import dev.cabledger.core.merkle.ProofPlan;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads the log: checkpoints, entries and proofs, each proof from O(log n) stored nodes. */
public final class LogReader {
  private final LedgerStore store;

  LogReader(LedgerStore store) {
    this.store = store;
  }

  /** The newest signed checkpoint. */
  public StoredCheckpoint latestCheckpoint() {
    return store
        .latestCheckpoint()
        .orElseThrow(() -> LedgerRangeException.beyondLog("the log has no checkpoint yet"));
  }

  /** The entry at {@code index}. */
  public LogEntry entry(long index) {
    requireIndex(index);
    return store
        .entry(index)
        .orElseThrow(
            () ->
                LedgerRangeException.beyondLog(
                    "no entry " + index + "; the log has " + store.treeSize() + " entries"));
  }

  /** Proof that the leaf at {@code index} is in the tree of size {@code treeSize}. */
  public InclusionProof inclusionProof(long index, long treeSize) {
    requireIndex(index);
    if (treeSize < 1) {
      throw LedgerRangeException.invalid("treeSize must be at least 1, was " + treeSize);
    }
    if (index >= treeSize) {
      throw LedgerRangeException.invalid("index " + index + " is not below treeSize " + treeSize);
    }
    requireWithinLog(treeSize);
    ProofPlan plan = InclusionProof.plan(index, treeSize);
    return new InclusionProof(index, treeSize, resolve(plan));
  }

  /** Proof that the tree of size {@code from} is a prefix of the tree of size {@code to}. */
  public ConsistencyProof consistencyProof(long from, long to) {
    if (from < 1) {
      throw LedgerRangeException.invalid("from must be at least 1, was " + from);
    }
    if (to < from) {
      throw LedgerRangeException.invalid("to (" + to + ") must not be below from (" + from + ")");
    }
    requireWithinLog(to);
    ProofPlan plan = ConsistencyProof.plan(from, to);
    return new ConsistencyProof(from, to, resolve(plan));
  }

  /** The stored leaf hash of {@code index}; the audit compares it with the entry's bytes. */
  public Digest storedLeafHash(long index) {
    NodeId leaf = new NodeId(0, index);
    Digest hash = store.nodes(List.of(leaf)).get(leaf);
    if (hash == null) {
      throw new LedgerIntegrityException("the leaf hash of entry " + index + " is missing");
    }
    return hash;
  }

  /** Streams the stored entries {@code from <= index < to} in order, with flat memory. */
  public void forEachEntry(long from, long to, Consumer<LogEntry> sink) {
    store.forEachEntry(from, to, sink);
  }

  private List<Digest> resolve(ProofPlan plan) {
    Map<NodeId, Digest> nodes = store.nodes(plan.nodes());
    return plan.resolve(
        id -> {
          Digest hash = nodes.get(id);
          if (hash == null) {
            throw new LedgerIntegrityException("Merkle node " + id + " is missing from the store");
          }
          return hash;
        });
  }

  private void requireWithinLog(long treeSize) {
    long size = store.treeSize();
    if (treeSize > size) {
      throw LedgerRangeException.beyondLog(
          "the log has " + size + " entries; no tree of size " + treeSize + " yet");
    }
  }

  private static void requireIndex(long index) {
    if (index < 0) {
      throw LedgerRangeException.invalid("index must be >= 0, was " + index);
    }
  }
}
