package dev.cabledger.server.workflow;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsaVerifier;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.keys.KeyRegistry;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * An approver's signature over a prepared statement, as the sign step takes it ({@code keyid},
 * {@code sig}): checked against the caller's active approver key, as the registry's signed entries
 * state it, before anything is appended.
 */
@Component
public final class ApproverCosignature {
  private final KeyRegistry registry;

  ApproverCosignature(KeyRegistry registry) {
    this.registry = registry;
  }

  /**
   * The caller's signature over the statement's DSSE PAE, checked.
   *
   * @param keyid the body's {@code keyid}
   * @param sig the body's {@code sig}, standard base64
   * @throws InvalidInputException if a member is missing or malformed
   * @throws ApproverKeyNotUsableException if the key is not the caller's active approver key, or
   *     was not valid when the statement was made
   * @throws ApproverSignatureInvalidException if the signature does not verify over the statement
   */
  public EnvelopeSignature checked(
      @Nullable String keyid, @Nullable String sig, Caller caller, Statement statement) {
    KeyId keyId = keyId(keyid);
    byte[] signature = signature(sig);
    RegisteredKey key = usableKey(keyId, caller, statement.predicate().createdAt());
    try {
      new MlDsaVerifier(key.toPublicKey())
          .verify(
              Envelope.pae(Envelope.IN_TOTO_PAYLOAD_TYPE, statement.canonicalBytes()), signature);
    } catch (VerificationException e) {
      throw new ApproverSignatureInvalidException(
          "sig does not verify with key "
              + keyId
              + " over the DSSE PAE of the prepared payload: sign exactly the payload the"
              + " preparation gave (ML-DSA-65, empty context)");
    }
    return new EnvelopeSignature(keyId, signature);
  }

  /**
   * The key, if it may sign the caller's decisions now: registered, an approver key, the caller's,
   * active, and valid when the statement was made.
   */
  private RegisteredKey usableKey(KeyId keyId, Caller caller, Instant createdAt) {
    RegisteredKey key =
        registry
            .find(keyId)
            .orElseThrow(
                () ->
                    new ApproverKeyNotUsableException(
                        "key "
                            + keyId
                            + " is not registered; enrol it (POST /api/keys/enrolments) and have a"
                            + " platform admin approve it"));
    if (!key.purpose().equals("approver")) {
      throw new ApproverKeyNotUsableException(
          "key " + keyId + " is a " + key.purpose() + " key, not an approver key");
    }
    if (!key.owner().equals(caller.subject())) {
      throw new ApproverKeyNotUsableException(
          "key " + keyId + " is not yours; sign with your own approver key");
    }
    Instant now = Instant.now();
    if (key.status() != KeyStatus.ACTIVE || !key.validAt(now)) {
      throw new ApproverKeyNotUsableException(
          "key "
              + keyId
              + " is not active: "
              + key.whyNotValidAt(now).orElse("its status is " + key.status().json())
              + "; enrol a new key");
    }
    if (!key.validAt(createdAt)) {
      throw new ApproverKeyNotUsableException(
          key.whyNotValidAt(createdAt).orElseThrow()
              + ", when the decision was prepared; prepare it again");
    }
    return key;
  }

  private static KeyId keyId(@Nullable String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("keyid is required: the id of your approver key");
    }
    try {
      return new KeyId(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("keyid is not a key id: " + e.getMessage());
    }
  }

  private static byte[] signature(@Nullable String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("sig is required: your signature, base64");
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("sig is not standard base64 (RFC 4648 §4)");
    }
    if (sig.length == 0) {
      throw new InvalidInputException("sig is empty");
    }
    return sig;
  }
}
