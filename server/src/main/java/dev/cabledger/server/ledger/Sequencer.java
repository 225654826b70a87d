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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionSystemException;
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
 *
 * <p>A caller is told that nothing was recorded ({@link LedgerUnavailableException}) only when that
 * is certain: the transaction failed before its COMMIT was sent, or a failed COMMIT was followed by
 * a look at the store, under the append lock, that found the batch's checkpoint absent. Otherwise
 * it is told the outcome is unknown ({@link AppendOutcomeUnknownException}).
 */
public final class Sequencer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sequencer.class);
  private static final int QUEUE_CAPACITY = 65_536;
  private static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** A gathering batch commits once no entry has arrived for this long. */
  private static final long QUIET_NANOS = TimeUnit.MICROSECONDS.toNanos(1_000);

  private record Pending(
      byte[] entry,
      Digest leafHash,
      EntryProjection projection,
      CompletableFuture<Receipt> receipt,
      long enqueuedNanos) {}

  /**
   * What one transaction wrote: the appended entries with their receipts, in order, and the entries
   * their projections refused (with why), answered only once the outcome is known.
   */
  private record Batch(
      CompactRange after,
      List<Pending> appended,
      List<Receipt> receipts,
      Map<Pending, RuntimeException> refused) {}

  private enum Outcome {
    COMMITTED,
    ROLLED_BACK,
    UNKNOWN
  }

  private final LedgerStore store;
  private final TransactionTemplate tx;
  private final CheckpointSigner signer;
  private final String origin;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final Duration receiptTimeout;
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

  /** Why the last batch or probe failed; null while appends succeed. */
  private volatile @Nullable String failure;

  private long lastProbeNanos;

  private volatile boolean closed;

  /**
   * @param dataSource the data source of {@code store}'s queries, whose transactions the sequencer
   *     runs
   * @param receiptTimeout how long {@link #await} waits for a receipt before answering that the
   *     outcome is unknown
   */
  Sequencer(
      LedgerStore store,
      DataSource dataSource,
      CheckpointSigner signer,
      String origin,
      BatchPolicy batching,
      Duration receiptTimeout,
      MeterRegistry meters,
      Clock clock) {
    this.store = store;
    DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
    // Without this, a failed COMMIT leaves the transaction open, and resetting auto-commit when
    // the connection is released commits it after all: a failure reported for a stored batch.
    transactions.setRollbackOnCommitFailure(true);
    this.tx = new TransactionTemplate(transactions);
    this.signer = signer;
    this.origin = origin;
    this.maxBatch = batching.maxEntries();
    this.maxDelayNanos = batching.maxDelay().toNanos();
    this.receiptTimeout = receiptTimeout;
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
            .description("Batches that failed; their callers got no receipt")
            .register(meters);
    this.writer = Thread.ofPlatform().name("ledger-sequencer").daemon(true).start(this::run);
  }

  /**
   * Queues a signed envelope for the log. The future completes with the receipt once the entry is
   * durable, or exceptionally with {@link LedgerUnavailableException} if nothing was written, with
   * {@link AppendOutcomeUnknownException} if that cannot be known, with what the projection's
   * {@link EntryProjection#check} threw, or with {@link ProjectionRejectedException} if the entry's
   * own projection failed to write (the other entries of its batch are written without it).
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

  /** Appends and waits for the durable receipt (see {@link #await}). */
  public Receipt append(Envelope envelope, EntryProjection projection) {
    return await(submit(envelope, projection));
  }

  /**
   * Waits up to the receipt timeout for a submitted entry's receipt.
   *
   * @throws LedgerUnavailableException if nothing was recorded
   * @throws AppendOutcomeUnknownException if the wait ended while the entry may still be appended
   */
  public Receipt await(CompletableFuture<Receipt> receipt) {
    try {
      return receipt.get(receiptTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AppendOutcomeUnknownException(
          "interrupted while waiting for the receipt; the entry may still be appended", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new AppendOutcomeUnknownException("the append failed unexpectedly", e.getCause());
    } catch (TimeoutException e) {
      throw new AppendOutcomeUnknownException(
          "no receipt within "
              + receiptTimeout.toMillis()
              + " ms; the entry is still queued or being written and may yet be appended",
          e);
    }
  }

  /** Why the last batch (or the probe after it) failed; empty while appends succeed. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
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
          probeIfFailing();
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
        // Not a storage failure (commit handles those): the batch's fate is not known here.
        log.error("ledger writer failed unexpectedly", e);
        range = null;
        failure = "the ledger writer failed unexpectedly: " + e;
        AppendOutcomeUnknownException unknown =
            new AppendOutcomeUnknownException("the ledger writer failed unexpectedly", e);
        for (Pending p : batch) {
          p.receipt().completeExceptionally(unknown);
        }
      } finally {
        batch.clear();
      }
    }
    for (Pending left; (left = queue.poll()) != null; ) {
      left.receipt()
          .completeExceptionally(
              new LedgerUnavailableException("the ledger shut down; nothing was appended"));
    }
  }

  /**
   * Adds what is queued and, when others were queued too (the log is busy), waits up to the batch
   * delay for more while the batch has room and entries keep arriving. A lone entry commits at
   * once: waiting would only add the delay to its caller's time. An interrupt ends the wait, not
   * the batch: what was gathered is still committed.
   */
  private void gather(List<Pending> batch) {
    long deadline = System.nanoTime() + maxDelayNanos;
    queue.drainTo(batch, maxBatch - batch.size());
    if (batch.size() == 1) {
      return;
    }
    while (batch.size() < maxBatch && !closed) {
      long left = Math.min(deadline - System.nanoTime(), QUIET_NANOS);
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

  /** The projection failure behind {@code e}, also when a failed rollback overrode it. */
  private static @Nullable ProjectionFailed projectionFailure(RuntimeException e) {
    if (e instanceof ProjectionFailed failed) {
      return failed;
    }
    if (e instanceof TransactionSystemException t
        && t.getApplicationException() instanceof ProjectionFailed failed) {
      return failed;
    }
    return null;
  }

  private void commit(List<Pending> batch) {
    // Set once the callback has returned, i.e. once the transaction manager is about to COMMIT.
    AtomicReference<@Nullable Batch> written = new AtomicReference<>();
    Batch done;
    try {
      done = tx.execute(status -> remember(written, write(batch)));
    } catch (RuntimeException e) {
      range = null; // whatever happened, reload the frontier from what is durable
      ProjectionFailed projection = projectionFailure(e);
      if (projection != null) {
        // Nothing was committed (on PostgreSQL the transaction is unusable after an error, and a
        // SQLite connection that raised it may be evicted, failing the rollback too), so the
        // failing entry is certainly not recorded: refuse it, write the others again without it.
        projection
            .pending
            .receipt()
            .completeExceptionally(new ProjectionRejectedException(projection.getCause()));
        List<Pending> rest = new ArrayList<>(batch);
        rest.remove(projection.pending);
        if (!rest.isEmpty()) {
          commit(rest);
        }
        return;
      }
      Batch sent = written.get();
      Outcome outcome = sent == null ? Outcome.ROLLED_BACK : outcomeOf(sent);
      if (outcome != Outcome.COMMITTED) {
        failedBatches.increment();
        failure = "a batch of " + batch.size() + " entries failed: " + e;
        log.error(
            "ledger batch of {} entries failed ({}): {}", batch.size(), outcome, e.toString());
        fail(batch, e, outcome);
        return;
      }
      log.warn("the COMMIT of a batch reported {}, but the batch is stored", e.toString());
      done = sent;
    }
    if (done == null) {
      throw new IllegalStateException("the append transaction returned nothing");
    }
    failure = null;
    if (!done.appended().isEmpty()) {
      range = done.after();
      batchSize.record(done.appended().size());
    }
    long now = System.nanoTime();
    for (int i = 0; i < done.appended().size(); i++) {
      Pending p = done.appended().get(i);
      appendLatency.record(now - p.enqueuedNanos(), TimeUnit.NANOSECONDS);
      p.receipt().complete(done.receipts().get(i));
    }
    done.refused().forEach((p, why) -> p.receipt().completeExceptionally(why));
  }

  private static Batch remember(AtomicReference<@Nullable Batch> written, Batch batch) {
    written.set(batch);
    return batch;
  }

  /**
   * Whether a batch whose COMMIT failed is stored. Taking the append lock first waits out the
   * failed transaction if its server session still holds the lock, so the answer is final.
   */
  private Outcome outcomeOf(Batch sent) {
    if (sent.appended().isEmpty()) {
      return Outcome.COMMITTED; // nothing was written, so nothing can be half-written
    }
    CompactRange after = sent.after();
    try {
      Boolean stored =
          tx.execute(
              status -> {
                status.setRollbackOnly();
                store.lockForAppend();
                return store
                    .checkpoint(after.size())
                    .map(c -> c.root().equals(after.root()))
                    .orElse(false);
              });
      return Boolean.TRUE.equals(stored) ? Outcome.COMMITTED : Outcome.ROLLED_BACK;
    } catch (RuntimeException e) {
      log.error("cannot tell whether a failed commit was stored: {}", e.toString());
      return Outcome.UNKNOWN;
    }
  }

  /**
   * While the last batch failed, checks about once a second (between batches) that an append
   * transaction can take the lock and load the frontier; success clears the failure.
   */
  private void probeIfFailing() {
    if (failure == null || System.nanoTime() - lastProbeNanos < PROBE_INTERVAL_NANOS) {
      return;
    }
    lastProbeNanos = System.nanoTime();
    try {
      CompactRange loaded =
          tx.execute(
              status -> {
                status.setRollbackOnly();
                store.lockForAppend();
                return loadRange(store.treeSize());
              });
      range = loaded;
      failure = null;
      log.info("ledger appends work again");
    } catch (RuntimeException e) {
      range = null;
      failure = "the append probe failed: " + e;
    }
  }

  private Batch write(List<Pending> batch) {
    store.lockForAppend();
    long size = store.treeSize();
    CompactRange before = range;
    if (before == null || before.size() != size) {
      before = loadRange(size);
    }
    List<Pending> appended = new ArrayList<>(batch.size());
    Map<Pending, RuntimeException> refused = new LinkedHashMap<>();
    for (Pending p : batch) {
      try {
        p.projection().check(store.jdbc());
        appended.add(p);
      } catch (DataAccessException e) {
        throw e;
      } catch (RuntimeException e) {
        refused.put(p, e);
      }
    }
    if (appended.isEmpty()) {
      return new Batch(before, appended, List.of(), refused);
    }
    CompactRange after = before.copy();
    Map<NodeId, Digest> written = HashMap.newHashMap(appended.size() * 2 + 64);
    List<byte[]> entries = new ArrayList<>(appended.size());
    for (Pending p : appended) {
      after.append(p.leafHash(), written::put);
      entries.add(p.entry());
    }
    Instant now = clock.instant();
    store.insertEntries(size, entries, now);
    store.insertNodes(written);
    for (int i = 0; i < appended.size(); i++) {
      Pending p = appended.get(i);
      try {
        p.projection().write(store.jdbc(), size + i);
      } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
        throw e; // the storage failed, not this entry: the whole batch's outcome applies
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
    List<Receipt> receipts = new ArrayList<>(appended.size());
    for (int i = 0; i < appended.size(); i++) {
      long index = size + i;
      ProofPlan plan = InclusionProof.plan(index, after.size());
      List<Digest> hashes = plan.resolve(id -> nodeFrom(known, id));
      receipts.add(
          new Receipt(
              index,
              appended.get(i).leafHash(),
              checkpoint,
              new InclusionProof(index, after.size(), hashes)));
    }
    return new Batch(after, appended, receipts, refused);
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

  private static void fail(List<Pending> batch, Throwable cause, Outcome outcome) {
    RuntimeException failure =
        outcome == Outcome.UNKNOWN
            ? new AppendOutcomeUnknownException(
                "the commit of the entry's batch failed and the store cannot be asked whether it"
                    + " was stored",
                cause)
            : cause instanceof LedgerUnavailableException l
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
