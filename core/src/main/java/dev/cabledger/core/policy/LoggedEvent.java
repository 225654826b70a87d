package dev.cabledger.core.policy;

import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventData;
import java.time.Instant;

/**
 * One signed entry of the log, as the policy reads it: its index, its statement, and whether its
 * actor signed it with an approver key of their own.
 *
 * @param index the entry's index in the log
 * @param statement the statement its envelope signs
 * @param approverSigned whether the envelope carries a signature, verified, by an {@code approver}
 *     key that the statement's actor owns and that was valid at its {@code created_at}: what the
 *     policy's {@code requireApproverSignature} asks of an approval. Set only by whoever verified
 *     the signatures (the gate's and the verifier's readers), never taken from the statement.
 */
public record LoggedEvent(long index, Statement statement, boolean approverSigned) {
  public LoggedEvent {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative");
    }
  }

  /** An entry whose approver signatures are not known (none counted). */
  public LoggedEvent(long index, Statement statement) {
    this(index, statement, false);
  }

  public EventData data() {
    return statement.predicate().data();
  }

  public Actor actor() {
    return statement.predicate().actor();
  }

  public Instant createdAt() {
    return statement.predicate().createdAt();
  }
}
