package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A security reviewer denied an exception.
 *
 * @param approvalId the decision's id
 * @param exceptionId the exception it denies
 * @param client the tenant
 * @param planHash SHA-256 of the plan file
 * @param approver the authenticated reviewer; must be the statement's actor
 * @param approverRole the role the reviewer acted in
 * @param justification why
 */
public record ExceptionDenied(
    UUID approvalId,
    UUID exceptionId,
    ClientId client,
    Digest planHash,
    String approver,
    String approverRole,
    String justification)
    implements EventData.OfChange {
  @Override
  public Optional<String> statedActor() {
    return Optional.of(approver);
  }

  @Override
  public EventType type() {
    return EventType.EXCEPTION_DENIED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .uuid("approval_id", approvalId)
        .uuid("exception_id", exceptionId)
        .client(client)
        .sha256("plan_hash", planHash)
        .text("approver", approver)
        .text("approver_role", approverRole)
        .text("justification", justification)
        .node();
  }

  static ExceptionDenied read(EventDataReader r) {
    return new ExceptionDenied(
        r.uuid("approval_id"),
        r.uuid("exception_id"),
        r.client(),
        r.sha256("plan_hash"),
        r.name("approver"),
        r.name("approver_role"),
        r.text("justification"));
  }
}
