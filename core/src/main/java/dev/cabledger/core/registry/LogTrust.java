package dev.cabledger.core.registry;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.sign.MlDsa65;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The auditor's trust root (docs/formats.md §8, "Trust"): the log's origin and its public key,
 * obtained out of band and kept in a small trust file. Everything else a verifier trusts follows
 * from checkpoints this key signed.
 *
 * @param origin the log's origin (the checkpoint's first line and the note key name)
 * @param keyId the log key's registry id
 * @param publicKey the log key, X.509 SubjectPublicKeyInfo DER of an ML-DSA-65 key
 */
public record LogTrust(String origin, KeyId keyId, byte[] publicKey) {
  /** The value of the trust file's {@code format} member. */
  public static final String FORMAT = "https://cab-ledger.dev/log-trust/v1";

  private static final List<String> MEMBERS =
      List.of("algorithm", "format", "keyId", "origin", "publicKey");

  /** Checks that the key is ML-DSA-65 and that the id is the key's. */
  public LogTrust {
    publicKey = publicKey.clone();
    if (origin.isBlank()) {
      throw new IllegalArgumentException("a trust file names the log's origin");
    }
    MlDsa65.publicKeyFromSpki(publicKey);
    if (!KeyId.forMlDsa65(publicKey).equals(keyId)) {
      throw new IllegalArgumentException(
          "the trust file's keyId " + keyId + " is not the id of its public key");
    }
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The trusted key. */
  public PublicKey toPublicKey() {
    return MlDsa65.publicKeyFromSpki(publicKey);
  }

  /** Whether a registry key is this log key (same id and same public key). */
  public boolean is(RegisteredKey key) {
    return key.keyId().equals(keyId) && Arrays.equals(key.publicKey(), publicKey);
  }

  /** The trust file's JSON text (RFC 8785 canonical, with a final newline). */
  public String toJson() {
    ObjectNode o = CanonicalJson.mapper().createObjectNode();
    o.put("format", FORMAT);
    o.put("origin", origin);
    o.put("keyId", keyId.value());
    o.put("algorithm", RegisteredKey.ML_DSA_65);
    o.put("publicKey", Base64.getEncoder().encodeToString(publicKey));
    return new String(CanonicalJson.canonicalize(o), StandardCharsets.UTF_8) + "\n";
  }

  /**
   * Parses a trust file strictly: exactly the five members, this format, ML-DSA-65.
   *
   * @throws VerificationException ({@link Failure#KEY}) naming what is wrong
   */
  public static LogTrust parse(byte[] json) {
    JsonNode o;
    try {
      o = CanonicalJson.parse(json);
    } catch (VerificationException e) {
      throw new VerificationException(Failure.KEY, "trust file: " + e.getMessage(), e);
    }
    if (!o.isObject()) {
      throw bad("it is not a JSON object");
    }
    for (String name : o.propertyNames()) {
      if (!MEMBERS.contains(name)) {
        throw bad("unknown member \"" + name + "\"");
      }
    }
    if (!FORMAT.equals(text(o, "format"))) {
      throw bad("format is not " + FORMAT);
    }
    if (!RegisteredKey.ML_DSA_65.equals(text(o, "algorithm"))) {
      throw bad("algorithm is not " + RegisteredKey.ML_DSA_65);
    }
    try {
      return new LogTrust(
          text(o, "origin"),
          new KeyId(text(o, "keyId")),
          Base64.getDecoder().decode(text(o, "publicKey")));
    } catch (IllegalArgumentException | VerificationException e) {
      throw bad(e.getMessage());
    }
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || !v.isString()) {
      throw bad("\"" + name + "\" is missing or not a string");
    }
    return v.stringValue();
  }

  private static VerificationException bad(String why) {
    return new VerificationException(Failure.KEY, "trust file: " + why);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogTrust t
        && t.origin.equals(origin)
        && t.keyId.equals(keyId)
        && Arrays.equals(t.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "LogTrust[" + origin + ", " + keyId + "]";
  }
}
