package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * An evidence pack for a change was sealed.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the plan file the evidence is about
 * @param evidencePackId the pack's id
 * @param evidenceHash SHA-256 of the sealed pack
 */
public record EvidenceSealed(
    ClientId client, Digest planHash, UUID evidencePackId, Digest evidenceHash)
    implements EventData.OfChange {
  @Override
  public EventType type() {
    return EventType.EVIDENCE_SEALED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .client(client)
        .sha256("plan_hash", planHash)
        .uuid("evidence_pack_id", evidencePackId)
        .sha256("evidence_hash", evidenceHash)
        .node();
  }

  static EvidenceSealed read(EventDataReader r) {
    return new EvidenceSealed(
        r.client(), r.sha256("plan_hash"), r.uuid("evidence_pack_id"), r.sha256("evidence_hash"));
  }
}
