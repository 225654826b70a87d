package dev.cabledger.core.event;

import dev.cabledger.core.KeyId;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A key stops signing; signatures it made while valid still count.
 *
 * @param keyId the key
 * @param validTo the end of its validity
 * @param reason why, if given
 */
public record KeyRetired(KeyId keyId, Instant validTo, Optional<String> reason)
    implements EventData.OfKey {
  @Override
  public EventType type() {
    return EventType.KEY_RETIRED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .keyId("key_id", keyId)
        .instant("valid_to", validTo)
        .text("reason", reason)
        .node();
  }

  static KeyRetired read(EventDataReader r) {
    return new KeyRetired(r.keyId("key_id"), r.instant("valid_to"), r.optionalText("reason"));
  }
}
