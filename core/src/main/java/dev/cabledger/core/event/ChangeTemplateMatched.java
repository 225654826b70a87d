package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A standard change matched an approved template and is approved by rule (docs/formats.md §2.2):
 * the service appends it right after the change's submission, for the requester. The policy counts
 * it in place of the quorum; the gate and the verifier check the template it cites against the
 * template's own entries.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the plan file
 * @param templateId the template matched
 * @param definition the SHA-256 of the template's definition, as its approval names it
 */
public record ChangeTemplateMatched(
    ClientId client, Digest planHash, UUID templateId, Digest definition)
    implements EventData.OfChange {
  @Override
  public EventType type() {
    return EventType.CHANGE_TEMPLATE_MATCHED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .client(client)
        .sha256("plan_hash", planHash)
        .uuid("template_id", templateId)
        .sha256("definition", definition)
        .node();
  }

  static ChangeTemplateMatched read(EventDataReader r) {
    return new ChangeTemplateMatched(
        r.client(), r.sha256("plan_hash"), r.uuid("template_id"), r.sha256("definition"));
  }
}
