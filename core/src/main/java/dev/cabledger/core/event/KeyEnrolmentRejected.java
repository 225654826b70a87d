package dev.cabledger.core.event;

import dev.cabledger.core.KeyId;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A platform admin other than the owner turned down a request to enrol an approver key: the key is
 * never registered from that request. It only takes away, so a verifier honours it whoever logged
 * it.
 *
 * @param enrolmentId the request turned down (its KEY_ENROLMENT_REQUESTED {@code enrolment_id})
 * @param keyId the key it asked to enrol
 * @param reason why (required)
 */
public record KeyEnrolmentRejected(UUID enrolmentId, KeyId keyId, String reason)
    implements EventData.OfKey {
  public KeyEnrolmentRejected {
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a rejection states its reason");
    }
  }

  @Override
  public EventType type() {
    return EventType.KEY_ENROLMENT_REJECTED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .uuid("enrolment_id", enrolmentId)
        .keyId("key_id", keyId)
        .text("reason", reason)
        .node();
  }

  static KeyEnrolmentRejected read(EventDataReader r) {
    return new KeyEnrolmentRejected(r.uuid("enrolment_id"), r.keyId("key_id"), r.text("reason"));
  }
}
