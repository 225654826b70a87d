package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plan was applied to an environment.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the applied plan file
 * @param environment where it was applied
 */
public record ChangeApplied(ClientId client, Digest planHash, String environment)
    implements EventData.OfChange {
  @Override
  public EventType type() {
    return EventType.CHANGE_APPLIED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .client(client)
        .sha256("plan_hash", planHash)
        .text("environment", environment)
        .node();
  }

  static ChangeApplied read(EventDataReader r) {
    return new ChangeApplied(r.client(), r.sha256("plan_hash"), r.name("environment"));
  }
}
