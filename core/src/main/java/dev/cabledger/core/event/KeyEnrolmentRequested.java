package dev.cabledger.core.event;

import dev.cabledger.core.KeyId;
import tools.jackson.databind.node.ObjectNode;

/**
 * A principal asked to enrol its own ML-DSA-65 key as an approver key; a platform admin other than
 * the owner registers it (KEY_REGISTERED) or not.
 *
 * @param keyId the key's id
 * @param algorithm {@code ML-DSA-65}
 * @param publicKey the key
 * @param owner the principal who holds the private key
 */
public record KeyEnrolmentRequested(
    KeyId keyId, String algorithm, SubjectPublicKeyInfo publicKey, String owner)
    implements EventData.OfKey {
  @Override
  public EventType type() {
    return EventType.KEY_ENROLMENT_REQUESTED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .keyId("key_id", keyId)
        .text("algorithm", algorithm)
        .base64("public_key", publicKey.der())
        .text("owner", owner)
        .node();
  }

  static KeyEnrolmentRequested read(EventDataReader r) {
    return new KeyEnrolmentRequested(
        r.keyId("key_id"),
        r.name("algorithm"),
        new SubjectPublicKeyInfo(r.base64("public_key")),
        r.name("owner"));
  }
}
