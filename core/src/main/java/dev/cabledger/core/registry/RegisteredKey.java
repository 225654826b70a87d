package dev.cabledger.core.registry;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.sign.MlDsa65;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One key of the registry, as {@code GET /api/keys} and every audit bundle carry it (see
 * docs/formats.md, "Key registry").
 *
 * @param keyId the id signatures name (DSSE {@code keyid})
 * @param algorithm {@code ML-DSA-65}
 * @param publicKey X.509 SubjectPublicKeyInfo DER
 * @param owner who holds the private key: {@code cab-ledger} for the service's own keys, else a
 *     principal
 * @param purpose {@code log} (signs checkpoints), {@code service} (signs statements) or {@code
 *     approver}
 * @param validFrom when the key started to be valid
 * @param validTo when it stopped, if it has
 * @param status its lifecycle state
 */
public record RegisteredKey(
    KeyId keyId,
    String algorithm,
    byte[] publicKey,
    String owner,
    String purpose,
    Instant validFrom,
    Optional<Instant> validTo,
    KeyStatus status) {

  /** The only algorithm CAB Ledger registers today. */
  public static final String ML_DSA_65 = "ML-DSA-65";

  public RegisteredKey {
    publicKey = publicKey.clone();
    if (owner.isBlank() || purpose.isBlank()) {
      throw new IllegalArgumentException("a registered key needs an owner and a purpose");
    }
    if (validTo.isPresent() && validTo.get().isBefore(validFrom)) {
      throw new IllegalArgumentException("key " + keyId + " is valid to before it is valid from");
    }
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The public key, checked to be ML-DSA-65 and to match its id. */
  public PublicKey toPublicKey() {
    if (!ML_DSA_65.equals(algorithm)) {
      throw new VerificationException(
          Failure.KEY, "key " + keyId + " has unsupported algorithm " + algorithm);
    }
    PublicKey key = MlDsa65.publicKeyFromSpki(publicKey);
    if (keyId.value().startsWith("mldsa65-") && !KeyId.forMlDsa65(publicKey).equals(keyId)) {
      throw new VerificationException(
          Failure.KEY, "key " + keyId + " does not match the public key registered under it");
    }
    return key;
  }

  /** Whether a signature made at {@code at} counts: not compromised, within validity. */
  public boolean validAt(Instant at) {
    return status != KeyStatus.COMPROMISED
        && !at.isBefore(validFrom)
        && validTo.map(to -> !at.isAfter(to)).orElse(true);
  }

  /** The registry JSON of this key. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("keyId", keyId.value());
    o.put("algorithm", algorithm);
    o.put("publicKey", Base64.getEncoder().encodeToString(publicKey));
    o.put("owner", owner);
    o.put("purpose", purpose);
    o.put("validFrom", validFrom.toString());
    validTo.ifPresent(to -> o.put("validTo", to.toString()));
    o.put("status", status.json());
    return o;
  }

  /** Parses one key of the registry JSON; {@link VerificationException} (KEY) if malformed. */
  public static RegisteredKey fromJson(JsonNode o) {
    try {
      return new RegisteredKey(
          new KeyId(text(o, "keyId")),
          text(o, "algorithm"),
          Base64.getDecoder().decode(text(o, "publicKey")),
          text(o, "owner"),
          text(o, "purpose"),
          Instant.parse(text(o, "validFrom")),
          o.hasNonNull("validTo")
              ? Optional.of(Instant.parse(text(o, "validTo")))
              : Optional.empty(),
          KeyStatus.ofJson(text(o, "status")));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new VerificationException(
          Failure.KEY, "malformed key in the registry: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isString()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
    }
    return v.asString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegisteredKey k
        && k.keyId.equals(keyId)
        && k.algorithm.equals(algorithm)
        && Arrays.equals(k.publicKey, publicKey)
        && k.owner.equals(owner)
        && k.purpose.equals(purpose)
        && k.validFrom.equals(validFrom)
        && k.validTo.equals(validTo)
        && k.status == status;
  }

  @Override
  public int hashCode() {
    return keyId.hashCode() * 31 + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "RegisteredKey[" + keyId + ", " + purpose + ", " + owner + ", " + status.json() + "]";
  }
}
