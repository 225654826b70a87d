package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A security exception was requested for a change.
 *
 * @param exceptionId the exception's id
 * @param client the tenant
 * @param planHash SHA-256 of the plan file
 * @param exceptionType what kind of exception
 * @param justification why it is needed
 * @param compensatingControls the controls offered instead
 */
public record ExceptionRequested(
    UUID exceptionId,
    ClientId client,
    Digest planHash,
    ExceptionType exceptionType,
    String justification,
    List<String> compensatingControls)
    implements EventData.OfChange {
  public ExceptionRequested {
    compensatingControls = List.copyOf(compensatingControls);
  }

  @Override
  public EventType type() {
    return EventType.EXCEPTION_REQUESTED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .uuid("exception_id", exceptionId)
        .client(client)
        .sha256("plan_hash", planHash)
        .word("exception_type", exceptionType)
        .text("justification", justification)
        .texts("compensating_controls", compensatingControls)
        .node();
  }

  static ExceptionRequested read(EventDataReader r) {
    return new ExceptionRequested(
        r.uuid("exception_id"),
        r.client(),
        r.sha256("plan_hash"),
        r.word("exception_type", ExceptionType.class),
        r.text("justification"),
        r.texts("compensating_controls"));
  }
}
