package dev.cabledger.server.ledger;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.merkle.BatchInclusion;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleTree;
import dev.cabledger.core.merkle.NodeId;
import dev.cabledger.core.merkle.ProofPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Reads the log: checkpoints, entries and proofs, each proof from O(log n) stored nodes. */
public final class LogReader {
  private static final int CHECKPOINT_PAGE = 128;
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

  /** The number of entries, as the latest checkpoint states it; 0 for a new log. */
  public long size() {
    return store.treeSize();
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

  /**
   * The first index below {@code treeSize} whose entry was appended at or after {@code at}, or
   * {@code treeSize} if none was: a binary search over the entries' append times, a few point
   * queries whatever the size of the log. Append times follow the log's order (one writer under the
   * append lock), up to the clock differences of instances that share a database: callers that need
   * every entry of a period widen it by a margin, and judge each entry by its signed time.
   *
   * @throws LedgerIntegrityException if an entry below {@code treeSize} is missing
   */
  public long firstAppendedAtOrAfter(Instant at, long treeSize) {
    long low = 0;
    long high = treeSize;
    while (low < high) {
      long mid = low + (high - low) / 2;
      Instant appended =
          store
              .appendedAt(mid)
              .orElseThrow(
                  () -> new LedgerIntegrityException("entry " + mid + " is missing from the log"));
      if (appended.isBefore(at)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
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
    ProofPlan plan = InclusionProof.plan(index, treeSize);
    return new InclusionProof(index, treeSize, resolveWithin(plan, treeSize));
  }

  /** Proof that the tree of size {@code from} is a prefix of the tree of size {@code to}. */
  public ConsistencyProof consistencyProof(long from, long to) {
    if (from < 1) {
      throw LedgerRangeException.invalid("from must be at least 1, was " + from);
    }
    if (to < from) {
      throw LedgerRangeException.invalid("to (" + to + ") must not be below from (" + from + ")");
    }
    ProofPlan plan = ConsistencyProof.plan(from, to);
    return new ConsistencyProof(from, to, resolveWithin(plan, to));
  }

  /**
   * An entry with its inclusion proof in a tree, or none when a node the proof needs is missing
   * from the store (for the verifier to report, not for the export to hide).
   *
   * @param entry the stored entry
   * @param proof its inclusion proof, if the store holds every node it needs
   */
  public record ProvenEntry(LogEntry entry, Optional<InclusionProof> proof) {}

  /**
   * Streams the stored entries {@code from <= index < to} with their inclusion proofs in the tree
   * of size {@code treeSize}. Consecutive leaves share most of their proof nodes, so each page of
   * entries needs one query for all its proofs rather than one per entry.
   */
  public void forEachProvenEntry(long from, long to, long treeSize, Consumer<ProvenEntry> sink) {
    if (to > treeSize) {
      throw LedgerRangeException.invalid(
          "entries up to " + to + " are not in a tree of " + treeSize);
    }
    requireWithinLog(treeSize);
    store.forEachPage(
        from,
        to,
        page -> {
          Map<Long, Optional<InclusionProof>> proofs =
              proofs(page.stream().map(LogEntry::index).toList(), treeSize);
          for (LogEntry e : page) {
            sink.accept(new ProvenEntry(e, proofs.get(e.index())));
          }
        });
  }

  /**
   * The inclusion proofs of entries anywhere in the tree of size {@code treeSize}, with one query
   * for all their nodes: an entry's proof is empty when the store lacks a node it needs (for the
   * caller to report). The entries need not be consecutive; the more they share the tree's upper
   * levels, the fewer nodes the query reads.
   *
   * @throws LedgerRangeException if an index is not below {@code treeSize}, or the log holds no
   *     tree of that size
   */
  public Map<Long, Optional<InclusionProof>> inclusionProofs(
      Collection<Long> indices, long treeSize) {
    requireProvable(indices, treeSize);
    return proofs(indices, treeSize);
  }

  /**
   * Checks that the leaves, with these hashes, are all included in the tree of {@code treeSize}
   * leaves whose root is {@code root}, with one query for the stored nodes of their {@link
   * BatchInclusion}. It fails without naming the leaf: {@link #inclusionProofs} name it.
   *
   * @param leafHashes the leaf hash of each entry, by index
   * @throws VerificationException if they are not all included (or a node is missing)
   * @throws LedgerRangeException if an index or the size is outside the log
   */
  public void verifyIncluded(Map<Long, Digest> leafHashes, long treeSize, Digest root) {
    requireIndices(leafHashes.keySet(), treeSize);
    BatchInclusion batch = BatchInclusion.of(leafHashes.keySet(), treeSize);
    // The nodes and the size they need in one query (a report makes one batch per page): no
    // node comes back when the log holds no tree of that size, and only then is the size looked
    // up, to name it.
    Map<NodeId, Digest> nodes = store.nodesWithin(batch.nodes(), treeSize);
    if (nodes.isEmpty()) {
      requireWithinLog(treeSize);
    }
    batch.verify(leafHashes::get, nodes::get, root);
  }

  /** Entries of a tree the log holds: each index below {@code treeSize}, the size in the log. */
  private void requireProvable(Collection<Long> indices, long treeSize) {
    requireIndices(indices, treeSize);
    requireWithinLog(treeSize);
  }

  private static void requireIndices(Collection<Long> indices, long treeSize) {
    for (long index : indices) {
      requireIndex(index);
      if (index >= treeSize) {
        throw LedgerRangeException.invalid("index " + index + " is not below treeSize " + treeSize);
      }
    }
  }

  private Map<Long, Optional<InclusionProof>> proofs(Collection<Long> indices, long treeSize) {
    Map<Long, ProofPlan> plans = HashMap.newHashMap(indices.size());
    Set<NodeId> needed = new HashSet<>();
    for (long index : indices) {
      ProofPlan plan = InclusionProof.plan(index, treeSize);
      plans.put(index, plan);
      needed.addAll(plan.nodes());
    }
    Map<NodeId, Digest> nodes = store.nodes(needed);
    Map<Long, Optional<InclusionProof>> proofs = HashMap.newHashMap(plans.size());
    plans.forEach(
        (index, plan) -> {
          Optional<InclusionProof> proof;
          try {
            proof = Optional.of(new InclusionProof(index, treeSize, plan.resolve(nodes::get)));
          } catch (IllegalStateException missingNode) {
            proof = Optional.empty();
          }
          proofs.put(index, proof);
        });
    return proofs;
  }

  /**
   * Streams the stored entries {@code from <= index < to} a page at a time, in index order, holding
   * no cursor open while the sink runs (for replays that query as they go).
   */
  public void forEachPage(long from, long to, Consumer<List<LogEntry>> sink) {
    store.forEachPage(from, to, sink);
  }

  /**
   * Streams the stored entries {@code from <= index < to} a page at a time with their stored leaf
   * hashes (absent where the node is missing), for audits that compare the two.
   */
  public void forEachPageWithLeafHashes(
      long from, long to, BiConsumer<List<LogEntry>, Map<Long, Digest>> sink) {
    store.forEachPage(
        from,
        to,
        page ->
            sink.accept(
                page, store.leafHashes(page.getFirst().index(), page.getLast().index() + 1)));
  }

  /**
   * Streams every stored checkpoint, by increasing size, with the root of the stored Merkle nodes
   * at its size (RFC 9162 §2.1.1 over the complete subtrees of [0, size)), or none when a node is
   * missing. Each page of checkpoints needs one query for all their nodes.
   */
  public void forEachCheckpointWithStoredRoot(BiConsumer<StoredCheckpoint, Optional<Digest>> sink) {
    long after = -1;
    while (true) {
      List<StoredCheckpoint> page = store.checkpointsAbove(after, CHECKPOINT_PAGE);
      if (page.isEmpty()) {
        return;
      }
      Set<NodeId> needed = new HashSet<>();
      for (StoredCheckpoint cp : page) {
        needed.addAll(MerkleTree.rangeNodes(0, cp.size()));
      }
      Map<NodeId, Digest> nodes = store.nodes(needed);
      for (StoredCheckpoint cp : page) {
        List<Digest> hashes = new ArrayList<>();
        for (NodeId id : MerkleTree.rangeNodes(0, cp.size())) {
          Digest hash = nodes.get(id);
          if (hash == null) {
            break;
          }
          hashes.add(hash);
        }
        boolean complete = hashes.size() == MerkleTree.rangeNodes(0, cp.size()).size();
        sink.accept(cp, complete ? Optional.of(MerkleTree.foldRange(hashes)) : Optional.empty());
      }
      after = page.getLast().size();
    }
  }

  /**
   * The plan's hashes in the tree of {@code treeSize} entries. Usually one query, for the nodes and
   * the log's size together (on PostgreSQL a proof costs what its round trips cost); when that
   * finds a node missing or the log shorter, the size is read on its own to say which.
   */
  private List<Digest> resolveWithin(ProofPlan plan, long treeSize) {
    Set<NodeId> ids = plan.nodes();
    if (!ids.isEmpty()) {
      Map<NodeId, Digest> nodes = store.nodesWithin(ids, treeSize);
      if (nodes.size() == ids.size()) {
        return plan.resolve(nodes::get);
      }
    }
    requireWithinLog(treeSize);
    return resolve(plan);
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
