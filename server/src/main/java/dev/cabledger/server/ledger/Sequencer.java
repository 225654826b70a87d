package dev.cabledger.server.ledger;

import dev.cabledger.core.Digest;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.core.checkpoint.SignedCheckpoint;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.merkle.CompactRange;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.merkle.NodeId;
import dev.cabledger.core.merkle.ProofPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives log entries their index: one writer thread drains concurrent appends into batches, writes
 * each batch (entries, new Merkle nodes, projections and one signed checkpoint) in one transaction
 * under the database's append lock, and completes the callers' receipts only after that commit.
 *
 * <p>Group commit is what makes signed appends cheap: one fsync and one checkpoint signature per
 * batch rather than per entry. The lock is the database's, so several service instances sharing one
 * PostgreSQL still produce one log; when another instance has appended in between, the cached
 * frontier is reloaded from the stored nodes.
 */
public final class Sequencer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sequencer.class);
  private static final int QUEUE_CAPACITY = 65_536;

  private record Pending(
      byte[] entry,
      Digest leafHash,
      EntryProjection projection,
      CompletableFuture<Receipt> receipt,
      long enqueuedNanos) {}

  private record Batch(CompactRange after, List<Receipt> receipts) {}

  private final LedgerStore store;
  private final TransactionTemplate tx;
  private final CheckpointSigner signer;
  private final String origin;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final Clock clock;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread writer;
  private final Timer appendLatency;
  private final DistributionSummary batchSize;
  private final Counter failedBatches;

  /** Test seam: runs after a batch is written and before it commits. */
  private volatile Runnable beforeCommit = () -> {};

  /** The frontier of the log as this instance last committed it; null forces a reload. */
  private @Nullable CompactRange range;

  private volatile boolean closed;

  Sequencer(
      LedgerStore store,
      TransactionTemplate tx,
      CheckpointSigner signer,
      String origin,
      BatchPolicy batching,
      MeterRegistry meters,
      Clock clock) {
    this.store = store;
    this.tx = tx;
    this.signer = signer;
    this.origin = origin;
    this.maxBatch = batching.maxEntries();
    this.maxDelayNanos = batching.maxDelay().toNanos();
    this.clock = clock;
    this.appendLatency =
        Timer.builder("cab.ledger.append")
            .description("Time from submitting an entry to its durable receipt")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    this.batchSize =
        DistributionSummary.builder("cab.ledger.batch.size")
            .description("Entries committed per transaction and checkpoint")
            .register(meters);
    this.failedBatches =
        Counter.builder("cab.ledger.batch.failed")
            .description("Batches rolled back; their callers got no receipt")
            .register(meters);
    this.writer = Thread.ofPlatform().name("ledger-sequencer").daemon(true).start(this::run);
  }

  /**
   * Queues a signed envelope for the log. The future completes with the receipt once the entry is
   * durable, or exceptionally with {@link LedgerUnavailableException} if nothing was written, or
   * with {@link ProjectionRejectedException} if the entry's own projection failed (the other
   * entries of its batch are written without it).
   */
  public CompletableFuture<Receipt> submit(Envelope envelope, EntryProjection projection) {
    // Serializing and hashing happen on the caller's thread, so the single writer only writes.
    byte[] bytes = envelope.canonicalBytes();
    Pending pending =
        new Pending(
            bytes,
            MerkleHash.leaf(bytes),
            projection,
            new CompletableFuture<>(),
            System.nanoTime());
    if (closed) {
      throw new LedgerUnavailableException("the ledger is shutting down; nothing was appended");
    }
    try {
      queue.put(pending);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerUnavailableException("interrupted before the entry was queued", e);
    }
    return pending.receipt();
  }

  /** Appends and waits for the durable receipt. */
  public Receipt append(Envelope envelope, EntryProjection projection) {
    CompletableFuture<Receipt> receipt = submit(envelope, projection);
    try {
      return receipt.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerUnavailableException("interrupted while waiting for the receipt", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof LedgerUnavailableException unavailable) {
        throw unavailable;
      }
      if (e.getCause() instanceof ProjectionRejectedException rejected) {
        throw rejected;
      }
      throw new LedgerUnavailableException("the append failed", e.getCause());
    } catch (TimeoutException e) {
      throw new LedgerUnavailableException(
          "no receipt within 60 s; the append may not be durable", e);
    }
  }

  void beforeCommit(Runnable hook) {
    this.beforeCommit = hook;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        gather(batch);
        commit(batch);
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
      } catch (RuntimeException | Error e) {
        log.error("ledger writer failed unexpectedly", e);
        fail(batch, e);
      } finally {
        batch.clear();
      }
    }
    for (Pending left; (left = queue.poll()) != null; ) {
      left.receipt().completeExceptionally(new LedgerUnavailableException("the ledger shut down"));
    }
  }

  /**
   * Adds what is queued, waiting up to the batch delay for more while the batch has room. An
   * interrupt ends the wait, not the batch: what was gathered is still committed.
   */
  private void gather(List<Pending> batch) {
    long deadline = System.nanoTime() + maxDelayNanos;
    queue.drainTo(batch, maxBatch - batch.size());
    while (batch.size() < maxBatch && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Pending next;
      try {
        next = queue.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (next == null) {
        return;
      }
      batch.add(next);
      queue.drainTo(batch, maxBatch - batch.size());
    }
  }

  /** A projection failed while writing the batch: only its own entry is refused. */
  private static final class ProjectionFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Pending pending;

    ProjectionFailed(Pending pending, RuntimeException cause) {
      super(cause);
      this.pending = pending;
    }
  }

  private void commit(List<Pending> batch) {
    Batch done;
    try {
      done = tx.execute(status -> write(batch));
    } catch (ProjectionFailed e) {
      // The transaction rolled back whole (on PostgreSQL it is unusable after an error), so the
      // failing entry is certainly not recorded: refuse it and write the others again without it.
      range = null;
      e.pending.receipt().completeExceptionally(new ProjectionRejectedException(e.getCause()));
      List<Pending> rest = new ArrayList<>(batch);
      rest.remove(e.pending);
      if (!rest.isEmpty()) {
        commit(rest);
      }
      return;
    } catch (RuntimeException e) {
      range = null; // whatever happened, reload the frontier from what is durable
      failedBatches.increment();
      log.error("ledger batch of {} entries rolled back: {}", batch.size(), e.toString());
      fail(batch, e);
      return;
    }
    if (done == null) {
      throw new IllegalStateException("the append transaction returned nothing");
    }
    range = done.after();
    batchSize.record(batch.size());
    long now = System.nanoTime();
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      appendLatency.record(now - p.enqueuedNanos(), TimeUnit.NANOSECONDS);
      p.receipt().complete(done.receipts().get(i));
    }
  }

  private Batch write(List<Pending> batch) {
    store.lockForAppend();
    long size = store.treeSize();
    CompactRange before = range;
    if (before == null || before.size() != size) {
      before = loadRange(size);
    }
    CompactRange after = before.copy();
    Map<NodeId, Digest> written = HashMap.newHashMap(batch.size() * 2 + 64);
    List<byte[]> entries = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      after.append(p.leafHash(), written::put);
      entries.add(p.entry());
    }
    Instant now = clock.instant();
    store.insertEntries(size, entries, now);
    store.insertNodes(written);
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      try {
        p.projection().write(store.jdbc(), size + i);
      } catch (RuntimeException e) {
        throw new ProjectionFailed(p, e);
      }
    }
    SignedCheckpoint signed = signer.sign(new Checkpoint(origin, after.size(), after.root()));
    store.insertCheckpoint(signed, now);
    beforeCommit.run();

    StoredCheckpoint checkpoint = new StoredCheckpoint(after.size(), after.root(), signed.note());
    Map<NodeId, Digest> known = new HashMap<>(before.frontierNodes());
    known.putAll(written);
    List<Receipt> receipts = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      long index = size + i;
      ProofPlan plan = InclusionProof.plan(index, after.size());
      List<Digest> hashes = plan.resolve(id -> nodeFrom(known, id));
      receipts.add(
          new Receipt(
              index,
              batch.get(i).leafHash(),
              checkpoint,
              new InclusionProof(index, after.size(), hashes)));
    }
    return new Batch(after, receipts);
  }

  /** A node of the batch or the old frontier; else (never expected) the stored one. */
  private Digest nodeFrom(Map<NodeId, Digest> known, NodeId id) {
    Digest hash = known.get(id);
    if (hash != null) {
      return hash;
    }
    Digest stored = store.nodes(List.of(id)).get(id);
    if (stored == null) {
      throw new IllegalStateException("Merkle node " + id + " is missing from the store");
    }
    return stored;
  }

  private CompactRange loadRange(long size) {
    List<NodeId> ids = CompactRange.frontier(size);
    Map<NodeId, Digest> stored = store.nodes(ids);
    List<Digest> hashes = new ArrayList<>(ids.size());
    for (NodeId id : ids) {
      Digest hash = stored.get(id);
      if (hash == null) {
        throw new IllegalStateException(
            "the stored log of size " + size + " lacks its frontier node " + id);
      }
      hashes.add(hash);
    }
    return CompactRange.of(size, hashes);
  }

  private static void fail(List<Pending> batch, Throwable cause) {
    LedgerUnavailableException failure =
        cause instanceof LedgerUnavailableException l
            ? l
            : new LedgerUnavailableException(
                "the ledger could not sign or store the entry; nothing was appended", cause);
    for (Pending p : batch) {
      p.receipt().completeExceptionally(failure);
    }
  }

  /** Stops taking entries, commits what is queued, and stops the writer. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
