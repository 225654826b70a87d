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
 * @param validTo when it stops or stopped (its registered end, or its retirement), if it does
 * @param status its lifecycle state
 * @param compromisedSince for a compromised key, the moment from which its signatures do not count;
 *     a compromised key without it counts for nothing, whenever it signed
 */
public record RegisteredKey(
    KeyId keyId,
    String algorithm,
    byte[] publicKey,
    String owner,
    String purpose,
    Instant validFrom,
    Optional<Instant> validTo,
    KeyStatus status,
    Optional<Instant> compromisedSince) {

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
    if (compromisedSince.isPresent() && status != KeyStatus.COMPROMISED) {
      throw new IllegalArgumentException(
          "key " + keyId + " has a compromise time but its status is " + status.json());
    }
  }

  /** A key that has not been marked compromised (or is, without a time: whenever it signed). */
  public RegisteredKey(
      KeyId keyId,
      String algorithm,
      byte[] publicKey,
      String owner,
      String purpose,
      Instant validFrom,
      Optional<Instant> validTo,
      KeyStatus status) {
    this(keyId, algorithm, publicKey, owner, purpose, validFrom, validTo, status, Optional.empty());
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

  /**
   * Whether a signature made at {@code at} counts: within validity (both ends included; a
   * retirement ends it) and before the key's compromise time, if it has one.
   */
  public boolean validAt(Instant at) {
    return whyNotValidAt(at).isEmpty();
  }

  /** Why a signature made at {@code at} does not count, for findings; empty if it counts. */
  public Optional<String> whyNotValidAt(Instant at) {
    String key = "key " + keyId;
    if (status == KeyStatus.COMPROMISED) {
      if (compromisedSince.isEmpty()) {
        return Optional.of(key + " is marked compromised");
      }
      if (!at.isBefore(compromisedSince.get())) {
        return Optional.of(key + " is compromised since " + compromisedSince.get());
      }
    }
    if (at.isBefore(validFrom)) {
      return Optional.of(key + " was not valid at " + at + ": it is valid from " + validFrom);
    }
    if (validTo.isPresent() && at.isAfter(validTo.get())) {
      return Optional.of(
          key
              + " was not valid at "
              + at
              + (status == KeyStatus.RETIRED ? ": it was retired, valid to " : ": it expired at ")
              + validTo.get());
    }
    return Optional.empty();
  }

  /**
   * The key after a KEY_RETIRED entry: its validity ends at {@code end}, or earlier if it already
   * did (a retirement never lengthens a key's life), but never before it began.
   */
  public RegisteredKey retired(Instant end) {
    Instant to = end.isBefore(validFrom) ? validFrom : end;
    if (validTo.isPresent() && validTo.get().isBefore(to)) {
      to = validTo.get();
    }
    return new RegisteredKey(
        keyId,
        algorithm,
        publicKey,
        owner,
        purpose,
        validFrom,
        Optional.of(to),
        status == KeyStatus.COMPROMISED ? KeyStatus.COMPROMISED : KeyStatus.RETIRED,
        compromisedSince);
  }

  /**
   * The key after a KEY_COMPROMISED entry: no signature it made at or after {@code since} counts.
   * Marked twice, the earlier time holds; marked once without a time, it stays so.
   */
  public RegisteredKey compromised(Instant since) {
    Optional<Instant> from =
        status == KeyStatus.COMPROMISED
            ? compromisedSince.map(s -> s.isBefore(since) ? s : since)
            : Optional.of(since);
    return new RegisteredKey(
        keyId,
        algorithm,
        publicKey,
        owner,
        purpose,
        validFrom,
        validTo,
        KeyStatus.COMPROMISED,
        from);
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
    compromisedSince.ifPresent(since -> o.put("compromisedSince", since.toString()));
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
          KeyStatus.ofJson(text(o, "status")),
          o.hasNonNull("compromisedSince")
              ? Optional.of(Instant.parse(text(o, "compromisedSince")))
              : Optional.empty());
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
        && k.status == status
        && k.compromisedSince.equals(compromisedSince);
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
