package dev.cabledger.core.event;

import dev.cabledger.core.KeyId;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A principal asked to enrol its own ML-DSA-65 key as an approver key, having proven that it holds
 * the private key; a platform admin other than the owner registers it (KEY_REGISTERED) or not.
 *
 * @param enrolmentId the request's id, by which an admin approves it
 * @param keyId the key's id
 * @param algorithm {@code ML-DSA-65}
 * @param publicKey the key
 * @param owner the principal who holds the private key: the statement's actor
 */
public record KeyEnrolmentRequested(
    UUID enrolmentId, KeyId keyId, String algorithm, SubjectPublicKeyInfo publicKey, String owner)
    implements EventData.OfKey {
  @Override
  public EventType type() {
    return EventType.KEY_ENROLMENT_REQUESTED;
  }

  /** Only the key's holder asks to enrol it, so the owner is who acted. */
  @Override
  public Optional<String> statedActor() {
    return Optional.of(owner);
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .uuid("enrolment_id", enrolmentId)
        .keyId("key_id", keyId)
        .text("algorithm", algorithm)
        .base64("public_key", publicKey.der())
        .text("owner", owner)
        .node();
  }

  static KeyEnrolmentRequested read(EventDataReader r) {
    return new KeyEnrolmentRequested(
        r.uuid("enrolment_id"),
        r.keyId("key_id"),
        r.name("algorithm"),
        new SubjectPublicKeyInfo(r.base64("public_key")),
        r.name("owner"));
  }
}
