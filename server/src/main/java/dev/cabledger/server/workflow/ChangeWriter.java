package dev.cabledger.server.workflow;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.events.EventRecorder;
import dev.cabledger.server.events.IdempotencyKey;
import dev.cabledger.server.events.IdempotentRequest;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.ProjectionRejectedException;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The one write path of the workflow features: checks that the statement is one the verifier
 * accepts, signs it as the service, and appends it with the change index and the feature's rows in
 * one transaction, at most once per caller and {@code Idempotency-Key}.
 */
@Component
public final class ChangeWriter {
  private final EventRecorder recorder;
  private final ChangeRecords records;

  ChangeWriter(EventRecorder recorder, ChangeRecords records) {
    this.recorder = recorder;
    this.records = records;
  }

  /**
   * Records a statement about a change.
   *
   * @param statement what to sign and append
   * @param feature the feature's checks under the append lock, and its rows
   * @param idempotencyKey the request's {@code Idempotency-Key} header, if any
   * @param caller who asks
   * @param body the request body as read, for telling a retry from another request
   * @throws InvalidInputException if the statement is not one the verifier would accept
   */
  public Recorded record(
      Statement statement,
      EntryProjection feature,
      Optional<String> idempotencyKey,
      Caller caller,
      Object body) {
    checked(statement);
    Optional<IdempotentRequest> idempotent =
        idempotencyKey
            .map(IdempotencyKey::ofHeader)
            .map(k -> new IdempotentRequest(caller.subject(), k, bodyHash(body)));
    return append(statement, feature, idempotent);
  }

  /**
   * Records a statement about a change that its actor signed first with a key of their own: the
   * envelope carries that signature, then the service's. The same checks and idempotency as {@link
   * #record}.
   *
   * @param approverSignature the actor's signature over the statement's DSSE PAE, checked by the
   *     caller
   * @throws InvalidInputException if the statement is not one the verifier would accept
   */
  public Recorded recordCosigned(
      Statement statement,
      EnvelopeSignature approverSignature,
      EntryProjection feature,
      Optional<String> idempotencyKey,
      Caller caller,
      Object body) {
    checked(statement);
    Optional<IdempotentRequest> idempotent =
        idempotencyKey
            .map(IdempotencyKey::ofHeader)
            .map(k -> new IdempotentRequest(caller.subject(), k, bodyHash(body)));
    try {
      return recorder.record(
          statement,
          List.of(approverSignature),
          records.projection(statement, feature),
          idempotent);
    } catch (ProjectionRejectedException e) {
      if (e.getCause() instanceof StateConflictException conflict) {
        throw conflict;
      }
      throw e;
    }
  }

  /**
   * Records a statement the service makes on its own behalf (an expiry), without an idempotency
   * key: the feature's check under the append lock is what keeps it from being recorded twice.
   *
   * @throws InvalidInputException if the statement is not one the verifier would accept
   * @throws StateConflictException if the feature's check refused it
   */
  public Recorded recordAsService(Statement statement, EntryProjection feature) {
    checked(statement);
    return append(statement, feature, Optional.empty());
  }

  /**
   * Records a statement that is about no change (a key event), by a caller: the same checks,
   * signing and idempotency as {@link #record}, with the feature's rows and no change index.
   *
   * @throws InvalidInputException if the statement is not one the verifier would accept
   * @throws IllegalArgumentException if the statement is about a change
   */
  public Recorded recordOffChange(
      Statement statement,
      EntryProjection feature,
      Optional<String> idempotencyKey,
      Caller caller,
      Object body) {
    if (statement.predicate().data() instanceof EventData.OfChange) {
      throw new IllegalArgumentException("a statement about a change is recorded with its index");
    }
    checked(statement);
    Optional<IdempotentRequest> idempotent =
        idempotencyKey
            .map(IdempotencyKey::ofHeader)
            .map(k -> new IdempotentRequest(caller.subject(), k, bodyHash(body)));
    return append(statement, feature, idempotent, false);
  }

  private Recorded append(
      Statement statement, EntryProjection feature, Optional<IdempotentRequest> idempotent) {
    return append(statement, feature, idempotent, true);
  }

  private Recorded append(
      Statement statement,
      EntryProjection feature,
      Optional<IdempotentRequest> idempotent,
      boolean aboutAChange) {
    try {
      return recorder.record(
          statement, aboutAChange ? records.projection(statement, feature) : feature, idempotent);
    } catch (ProjectionRejectedException e) {
      // A conflict found when the entry was written (with an earlier entry of its own batch) is
      // the same conflict as one found by the check: the caller gets it as such.
      if (e.getCause() instanceof StateConflictException conflict) {
        throw conflict;
      }
      throw e;
    }
  }

  /**
   * Refuses a statement the verifier would not accept, or that does not fit in one entry: what
   * {@link #record} checks first, for a statement prepared now and recorded later.
   *
   * @throws InvalidInputException saying why
   */
  public static void requireAcceptable(Statement statement) {
    checked(statement);
  }

  /** Refuses a statement the verifier would not accept, or that does not fit in one entry. */
  private static void checked(Statement statement) {
    try {
      EventData.requireParsable(statement.predicate().data());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
    // The verifier's content rules (docs/formats.md §2): the policy counts an approval under the
    // name it states, so that name must be the authenticated actor's, and the plan its subject's.
    EventData data = statement.predicate().data();
    String actor = statement.predicate().actor().subject();
    data.statedActor()
        .filter(named -> !named.equals(actor))
        .ifPresent(
            named -> {
              throw new InvalidInputException(
                  "the record names " + named + " as who acted, but the caller is " + actor);
            });
    data.statedPlanHash()
        .filter(plan -> !plan.equals(statement.subjectDigest()))
        .ifPresent(
            plan -> {
              throw new InvalidInputException(
                  "the record's plan_hash " + plan.hex() + " is not its subject's digest");
            });
    byte[] payload;
    try {
      payload = statement.canonicalBytes();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "the request holds a value canonical JSON (RFC 8785) cannot carry: " + e.getMessage());
    }
    if (payload.length > EventLimits.MAX_STATEMENT_BYTES) {
      throw new InvalidInputException(
          "the record would be "
              + payload.length
              + " bytes; at most "
              + EventLimits.MAX_STATEMENT_BYTES
              + " fit in one entry");
    }
  }

  /**
   * SHA-256 of the body's RFC 8785 bytes, so whitespace and member order do not matter: what tells
   * a retry under an {@code Idempotency-Key} from another request.
   *
   * @throws InvalidInputException if canonical JSON cannot carry a value of the body
   */
  public static Digest bodyHash(Object body) {
    JsonNode tree = CanonicalJson.mapper().valueToTree(body);
    try {
      return Digest.sha256(CanonicalJson.canonicalize(tree));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "the body holds a value canonical JSON (RFC 8785) cannot carry: " + e.getMessage());
    }
  }
}
