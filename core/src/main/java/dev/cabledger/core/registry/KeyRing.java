package dev.cabledger.core.registry;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.sign.MlDsaVerifier;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** A set of registered keys, looked up by id: the public keys a verifier trusts. */
public final class KeyRing {
  private final Map<KeyId, RegisteredKey> keys;
  private final Map<KeyId, PublicKey> publicKeys;

  /**
   * A verifier per key, made when first asked for: making one decodes the key again, which cost a
   * report verifying a quarter's entries as much as a tenth of its verifications.
   */
  private final Map<KeyId, MlDsaVerifier> verifiers = new ConcurrentHashMap<>();

  private KeyRing(Map<KeyId, RegisteredKey> keys, Map<KeyId, PublicKey> publicKeys) {
    this.keys = keys;
    this.publicKeys = publicKeys;
  }

  /** A ring of these keys; each must parse as the algorithm it claims and match its id. */
  public static KeyRing of(Collection<RegisteredKey> keys) {
    Map<KeyId, RegisteredKey> byId = new LinkedHashMap<>();
    Map<KeyId, PublicKey> pubs = new LinkedHashMap<>();
    for (RegisteredKey k : keys) {
      if (byId.putIfAbsent(k.keyId(), k) != null && !byId.get(k.keyId()).equals(k)) {
        throw new VerificationException(
            Failure.KEY, "key " + k.keyId() + " is registered twice with different contents");
      }
      pubs.put(k.keyId(), k.toPublicKey());
    }
    return new KeyRing(byId, pubs);
  }

  /** Parses a registry document: either {@code {"keys":[...]}} or a bare array of keys. */
  public static KeyRing fromJson(JsonNode registry) {
    JsonNode array = registry.isArray() ? registry : registry.get("keys");
    if (array == null || !array.isArray()) {
      throw new VerificationException(
          Failure.KEY, "a key registry is an array of keys or an object with a 'keys' array");
    }
    List<RegisteredKey> keys = new ArrayList<>();
    for (JsonNode k : array) {
      keys.add(RegisteredKey.fromJson(k));
    }
    return of(keys);
  }

  /** Every key, in registration order. */
  public List<RegisteredKey> keys() {
    return List.copyOf(keys.values());
  }

  /** The key with this id. */
  public Optional<RegisteredKey> find(KeyId id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** The keys registered for a purpose ({@code log}, {@code service}, {@code approver}). */
  public List<RegisteredKey> withPurpose(String purpose) {
    return keys.values().stream().filter(k -> k.purpose().equals(purpose)).toList();
  }

  /** The public key with this id. */
  public Optional<PublicKey> publicKey(KeyId id) {
    return Optional.ofNullable(publicKeys.get(id));
  }

  /**
   * A verifier for a signature by {@code id} made at {@code at}; empty if the key is unknown, was
   * not valid then (before its start, after its end or retirement), or was compromised by then.
   */
  public Optional<MlDsaVerifier> verifierAt(KeyId id, Instant at) {
    RegisteredKey key = keys.get(id);
    if (key == null || !key.validAt(at)) {
      return Optional.empty();
    }
    return Optional.of(verifiers.computeIfAbsent(id, k -> new MlDsaVerifier(publicKeys.get(k))));
  }

  /** Why a signature by {@code id} at {@code at} does not count, for findings. */
  public String whyNotValid(KeyId id, Instant at) {
    RegisteredKey key = keys.get(id);
    if (key == null) {
      return "key " + id + " is not in the registry";
    }
    return key.whyNotValidAt(at).orElse("key " + id + " was valid at " + at);
  }
}
