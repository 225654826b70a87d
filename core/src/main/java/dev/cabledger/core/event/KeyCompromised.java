package dev.cabledger.core.event;

import dev.cabledger.core.KeyId;
import tools.jackson.databind.node.ObjectNode;

/**
 * A key's private half leaked: no signature by it counts, whenever made.
 *
 * @param keyId the key
 * @param reason what happened
 */
public record KeyCompromised(KeyId keyId, String reason) implements EventData.OfKey {
  @Override
  public EventType type() {
    return EventType.KEY_COMPROMISED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter().keyId("key_id", keyId).text("reason", reason).node();
  }

  static KeyCompromised read(EventDataReader r) {
    return new KeyCompromised(r.keyId("key_id"), r.text("reason"));
  }
}
