package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * An approval was revoked (Approval Audit Schema v1.0, "Approval Revocation Event").
 *
 * @param approvalId the revoked approval
 * @param client the tenant
 * @param planHash SHA-256 of the plan file the approval was for
 * @param revokedBy the authenticated principal who revoked it; must be the statement's actor
 * @param revocationReason why
 * @param originalApprovalDate when the revoked approval was given
 */
public record ApprovalRevoked(
    UUID approvalId,
    ClientId client,
    Digest planHash,
    String revokedBy,
    String revocationReason,
    Instant originalApprovalDate)
    implements EventData.OfChange {
  @Override
  public Optional<String> statedActor() {
    return Optional.of(revokedBy);
  }

  @Override
  public EventType type() {
    return EventType.APPROVAL_REVOKED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .uuid("approval_id", approvalId)
        .client(client)
        .sha256("plan_hash", planHash)
        .text("revoked_by", revokedBy)
        .text("revocation_reason", revocationReason)
        .instant("original_approval_date", originalApprovalDate)
        .node();
  }

  static ApprovalRevoked read(EventDataReader r) {
    return new ApprovalRevoked(
        r.uuid("approval_id"),
        r.client(),
        r.sha256("plan_hash"),
        r.name("revoked_by"),
        r.text("revocation_reason"),
        r.instant("original_approval_date"));
  }
}
