package dev.cabledger.core.bundle;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.event.KeyPurpose;
import dev.cabledger.core.event.KeyRegistered;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The key registry as the log establishes it (docs/formats.md §6): built from the KEY_REGISTERED,
 * KEY_RETIRED and KEY_COMPROMISED entries the verifier has accepted, in log order. It is what a
 * verifier trusts beside the pinned log key; a registry handed to it is only compared with it.
 */
final class LogRegistry {
  /** A key the log established, with the entries that did so and the entries it signed. */
  static final class Established {
    RegisteredKey key;
    final long registeredAt;
    long compromisedAt = -1;
    long signed;
    long firstSigned = -1;
    long lastSigned = -1;

    Established(RegisteredKey key, long registeredAt) {
      this.key = key;
      this.registeredAt = registeredAt;
    }

    void signedEntry(long index) {
      signed++;
      if (firstSigned < 0) {
        firstSigned = index;
      }
      lastSigned = index;
    }
  }

  private final Map<KeyId, Established> keys = new LinkedHashMap<>();

  Optional<Established> find(KeyId id) {
    return Optional.ofNullable(keys.get(id));
  }

  Iterable<Established> all() {
    return keys.values();
  }

  /** Establishes a registered key; false if the log registered this id before. */
  boolean register(KeyRegistered r, long index) {
    if (keys.containsKey(r.keyId())) {
      return false;
    }
    keys.put(r.keyId(), new Established(r.toRegisteredKey(), index));
    return true;
  }

  void retire(Established e, Instant validTo) {
    RegisteredKey k = e.key;
    e.key =
        new RegisteredKey(
            k.keyId(),
            k.algorithm(),
            k.publicKey(),
            k.owner(),
            k.purpose(),
            k.validFrom(),
            Optional.of(validTo.isBefore(k.validFrom()) ? k.validFrom() : validTo),
            k.status() == KeyStatus.COMPROMISED ? KeyStatus.COMPROMISED : KeyStatus.RETIRED);
  }

  void compromise(Established e, long index) {
    RegisteredKey k = e.key;
    e.compromisedAt = index;
    e.key =
        new RegisteredKey(
            k.keyId(),
            k.algorithm(),
            k.publicKey(),
            k.owner(),
            k.purpose(),
            k.validFrom(),
            k.validTo(),
            KeyStatus.COMPROMISED);
  }

  static boolean isPurpose(RegisteredKey key, KeyPurpose purpose) {
    return key.purpose().equals(purpose.json());
  }
}
