package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import tools.jackson.databind.node.ObjectNode;

/**
 * A platform admin overrode the approval policy for a plan; listed for auditors.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the plan file
 * @param reason why (required)
 */
public record PolicyOverridden(ClientId client, Digest planHash, String reason)
    implements EventData.OfChange {
  @Override
  public EventType type() {
    return EventType.POLICY_OVERRIDDEN;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .client(client)
        .sha256("plan_hash", planHash)
        .text("reason", reason)
        .node();
  }

  static PolicyOverridden read(EventDataReader r) {
    return new PolicyOverridden(r.client(), r.sha256("plan_hash"), r.text("reason"));
  }
}
