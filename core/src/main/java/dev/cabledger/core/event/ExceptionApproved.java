package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A security reviewer approved an exception (Approval Audit Schema v1.0, "Security Reviewer
 * Approval Record").
 *
 * @param approvalId the approval's id
 * @param exceptionId the exception it approves
 * @param client the tenant
 * @param planHash SHA-256 of the plan file
 * @param approver the authenticated reviewer; must be the statement's actor
 * @param approverRole the role the reviewer acted in, e.g. {@code SECURITY_REVIEWER}
 * @param exceptionType what kind of exception
 * @param compensatingControls the controls the approval relies on
 * @param justification why
 * @param expiryDate when the exception stops counting, if it does
 */
public record ExceptionApproved(
    UUID approvalId,
    UUID exceptionId,
    ClientId client,
    Digest planHash,
    String approver,
    String approverRole,
    ExceptionType exceptionType,
    List<String> compensatingControls,
    String justification,
    Optional<Instant> expiryDate)
    implements EventData.OfChange {
  public ExceptionApproved {
    compensatingControls = List.copyOf(compensatingControls);
  }

  @Override
  public Optional<String> statedActor() {
    return Optional.of(approver);
  }

  @Override
  public EventType type() {
    return EventType.EXCEPTION_APPROVED;
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
        .word("exception_type", exceptionType)
        .texts("compensating_controls", compensatingControls)
        .text("justification", justification)
        .instant("expiry_date", expiryDate)
        .node();
  }

  static ExceptionApproved read(EventDataReader r) {
    return new ExceptionApproved(
        r.uuid("approval_id"),
        r.uuid("exception_id"),
        r.client(),
        r.sha256("plan_hash"),
        r.name("approver"),
        r.name("approver_role"),
        r.word("exception_type", ExceptionType.class),
        r.texts("compensating_controls"),
        r.text("justification"),
        r.optionalInstant("expiry_date"));
  }
}
