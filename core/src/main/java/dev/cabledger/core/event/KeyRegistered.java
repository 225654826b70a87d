package dev.cabledger.core.event;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A key joins the registry (docs/formats.md §6): the one entry that establishes it.
 *
 * @param keyId the key's id
 * @param algorithm {@code ML-DSA-65}
 * @param publicKey the key
 * @param owner {@code cab-ledger} for the service's keys, else the principal
 * @param purpose what it signs
 * @param validFrom when it starts to be valid
 * @param validTo when it stops, if it does (an approver key's validity; the service's own keys have
 *     none)
 */
public record KeyRegistered(
    KeyId keyId,
    String algorithm,
    SubjectPublicKeyInfo publicKey,
    String owner,
    KeyPurpose purpose,
    Instant validFrom,
    Optional<Instant> validTo)
    implements EventData.OfKey {
  /** A registered key starts active; the member is kept so the entry reads as a registry row. */
  private static final String STATUS = "active";

  public KeyRegistered {
    if (validTo.isPresent() && !validTo.get().isAfter(validFrom)) {
      throw new IllegalArgumentException("event_data.valid_to is not after valid_from");
    }
  }

  @Override
  public EventType type() {
    return EventType.KEY_REGISTERED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .keyId("key_id", keyId)
        .text("algorithm", algorithm)
        .base64("public_key", publicKey.der())
        .text("owner", owner)
        .word("purpose", purpose)
        .instant("valid_from", validFrom)
        .instant("valid_to", validTo)
        .text("status", STATUS)
        .node();
  }

  static KeyRegistered read(EventDataReader r) {
    KeyRegistered k =
        new KeyRegistered(
            r.keyId("key_id"),
            r.name("algorithm"),
            new SubjectPublicKeyInfo(r.base64("public_key")),
            r.name("owner"),
            r.word("purpose", KeyPurpose.class),
            r.instant("valid_from"),
            r.optionalInstant("valid_to"));
    if (!STATUS.equals(r.text("status"))) {
      throw new IllegalArgumentException("event_data.status of a registration is \"active\"");
    }
    return k;
  }

  /** The key as this entry registers it: active, valid as it says. */
  public RegisteredKey toRegisteredKey() {
    return new RegisteredKey(
        keyId,
        algorithm,
        publicKey.der(),
        owner,
        purpose.json(),
        validFrom,
        validTo,
        KeyStatus.ACTIVE);
  }
}
