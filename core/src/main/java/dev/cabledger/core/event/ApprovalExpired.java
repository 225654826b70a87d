package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * An approval reached its expiry date and no longer counts.
 *
 * @param approvalId the expired approval
 * @param client the tenant
 * @param planHash SHA-256 of the plan file the approval was for
 * @param expiryDate when it expired
 */
public record ApprovalExpired(UUID approvalId, ClientId client, Digest planHash, Instant expiryDate)
    implements EventData.OfChange {
  @Override
  public EventType type() {
    return EventType.APPROVAL_EXPIRED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .uuid("approval_id", approvalId)
        .client(client)
        .sha256("plan_hash", planHash)
        .instant("expiry_date", expiryDate)
        .node();
  }

  static ApprovalExpired read(EventDataReader r) {
    return new ApprovalExpired(
        r.uuid("approval_id"), r.client(), r.sha256("plan_hash"), r.instant("expiry_date"));
  }
}
