package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CAB member rejected a change (Approval Audit Schema v1.0, status {@code denied}).
 *
 * @param approvalId the decision's id
 * @param client the tenant
 * @param planHash SHA-256 of the rejected plan file
 * @param module the Terraform module or stack, if named
 * @param approver the authenticated CAB member; must be the statement's actor
 * @param approverRole the role the member acted in
 * @param justification why
 * @param supersedes the decision of this member that this one replaces, if any
 */
public record CabRejected(
    UUID approvalId,
    ClientId client,
    Digest planHash,
    Optional<String> module,
    String approver,
    String approverRole,
    String justification,
    Optional<UUID> supersedes)
    implements EventData.OfChange {
  @Override
  public Optional<String> statedActor() {
    return Optional.of(approver);
  }

  @Override
  public EventType type() {
    return EventType.CAB_REJECTED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .uuid("approval_id", approvalId)
        .client(client)
        .sha256("plan_hash", planHash)
        .text("module", module)
        .text("approver", approver)
        .text("approver_role", approverRole)
        .text("justification", justification)
        .uuid("supersedes", supersedes)
        .node();
  }

  static CabRejected read(EventDataReader r) {
    return new CabRejected(
        r.uuid("approval_id"),
        r.client(),
        r.sha256("plan_hash"),
        r.optionalName("module"),
        r.name("approver"),
        r.name("approver_role"),
        r.text("justification"),
        r.optionalUuid("supersedes"));
  }
}
