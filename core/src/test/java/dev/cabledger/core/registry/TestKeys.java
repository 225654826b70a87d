package dev.cabledger.core.registry;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.sign.MlDsa65;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Optional;

/** Registered keys over real ML-DSA-65 key pairs, for the registry and bundle tests. */
public final class TestKeys {
  private TestKeys() {}

  /** The id CAB Ledger derives for the key pair. */
  public static KeyId id(KeyPair key) {
    return KeyId.forMlDsa65(MlDsa65.spki(key.getPublic()));
  }

  /** The key pair registered under its derived id. */
  public static RegisteredKey key(
      KeyPair key,
      String owner,
      String purpose,
      Instant validFrom,
      Optional<Instant> validTo,
      KeyStatus status) {
    return new RegisteredKey(
        id(key),
        RegisteredKey.ML_DSA_65,
        MlDsa65.spki(key.getPublic()),
        owner,
        purpose,
        validFrom,
        validTo,
        status);
  }

  /** An active key valid from {@code validFrom} on. */
  public static RegisteredKey key(KeyPair key, String owner, String purpose, Instant validFrom) {
    return key(key, owner, purpose, validFrom, Optional.empty(), KeyStatus.ACTIVE);
  }
}
