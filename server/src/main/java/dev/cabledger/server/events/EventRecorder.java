package dev.cabledger.server.events;

import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.Receipt;
import dev.cabledger.server.ledger.Sequencer;
import dev.cabledger.server.ledger.StoredCheckpoint;
import dev.cabledger.server.signing.ServiceKeys;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Records one event: signs its statement with the service key and appends the envelope to the log,
 * with the feature's projection in the same transaction. The one way features write to the log.
 *
 * <p>A request with an idempotency key appends at most once per caller and key: a retry with the
 * same body gets the receipt of the entry the first request appended, another body is refused, and
 * a retry while the first is still being appended is told to wait. The key is stored with the entry
 * (same transaction) and checked again under the append lock, so this holds across restarts and
 * between instances; the in-flight set only spares this instance a second signature.
 */
@Component
public final class EventRecorder {
  private record InFlight(String subject, String key) {}

  private final Sequencer sequencer;
  private final ServiceKeys keys;
  private final IdempotencyRecords idempotency;
  private final LogReader reader;
  private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();

  EventRecorder(
      Sequencer sequencer, ServiceKeys keys, IdempotencyRecords idempotency, LogReader reader) {
    this.sequencer = sequencer;
    this.keys = keys;
    this.idempotency = idempotency;
    this.reader = reader;
  }

  /**
   * Signs and appends; returns the receipt once the entry is durable.
   *
   * @throws dev.cabledger.server.ledger.LedgerUnavailableException if nothing was recorded
   * @throws dev.cabledger.server.ledger.AppendOutcomeUnknownException if that is not known
   */
  public Receipt record(Statement statement, EntryProjection projection) {
    return sequencer.append(keys.sign(statement), projection);
  }

  /**
   * As {@link #record(Statement, EntryProjection)}, at most once per caller and idempotency key.
   *
   * @throws IdempotencyKeyReusedException if the key was used with another body
   * @throws IdempotencyKeyInFlightException if a request with the key is still being appended
   */
  public Recorded record(
      Statement statement, EntryProjection projection, Optional<IdempotentRequest> idempotent) {
    return record(statement, List.of(), projection, idempotent);
  }

  /**
   * As {@link #record(Statement, EntryProjection, Optional)}, with signatures made by others (an
   * approver's own) before the service's in the envelope.
   *
   * @param cosignatures signatures over the statement's DSSE PAE, checked by the caller
   */
  public Recorded record(
      Statement statement,
      List<EnvelopeSignature> cosignatures,
      EntryProjection projection,
      Optional<IdempotentRequest> idempotent) {
    if (idempotent.isEmpty()) {
      return new Recorded(sequencer.append(keys.sign(statement, cosignatures), projection), false);
    }
    IdempotentRequest request = idempotent.get();
    Optional<IdempotencyRecords.Stored> earlier = idempotency.find(request);
    if (earlier.isPresent()) {
      return replay(earlier.get(), request);
    }
    InFlight key = new InFlight(request.subject(), request.key().value());
    if (!inFlight.add(key)) {
      throw new IdempotencyKeyInFlightException(
          "a request with the Idempotency-Key \""
              + request.key().value()
              + "\" is still being appended; retry it later with the same key");
    }
    CompletableFuture<Receipt> receipt;
    try {
      receipt =
          sequencer.submit(
              keys.sign(statement, cosignatures), idempotency.projection(request, projection));
    } catch (RuntimeException e) {
      inFlight.remove(key);
      throw e;
    }
    // The key stays in flight until the entry's batch is settled, even if this caller stops
    // waiting: a retry meanwhile would otherwise race the first request.
    receipt.whenComplete((r, e) -> inFlight.remove(key));
    try {
      return new Recorded(sequencer.await(receipt), false);
    } catch (AlreadyRecordedException e) {
      return new Recorded(receiptOf(e.index()), true);
    }
  }

  private Recorded replay(IdempotencyRecords.Stored stored, IdempotentRequest request) {
    if (!IdempotencyRecords.sameBody(stored, request)) {
      throw IdempotencyRecords.reused(request);
    }
    return new Recorded(receiptOf(stored.index()), true);
  }

  /** The receipt of an entry already in the log, proven by the latest checkpoint. */
  private Receipt receiptOf(long index) {
    StoredCheckpoint checkpoint = reader.latestCheckpoint();
    return new Receipt(
        index,
        MerkleHash.leaf(reader.entry(index).bytes()),
        checkpoint,
        reader.inclusionProof(index, checkpoint.size()));
  }
}
