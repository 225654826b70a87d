package dev.cabledger.core.event;

import dev.cabledger.core.KeyId;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * A key's private half leaked: no signature it made at or after {@code since} counts, also in
 * entries logged before this one. Signatures it made before then still count.
 *
 * @param keyId the key
 * @param since from when on it may have been in other hands
 * @param reason what happened
 */
public record KeyCompromised(KeyId keyId, Instant since, String reason) implements EventData.OfKey {
  @Override
  public EventType type() {
    return EventType.KEY_COMPROMISED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .keyId("key_id", keyId)
        .instant("since", since)
        .text("reason", reason)
        .node();
  }

  static KeyCompromised read(EventDataReader r) {
    return new KeyCompromised(r.keyId("key_id"), r.instant("since"), r.text("reason"));
  }
}
