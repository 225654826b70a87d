package dev.cabledger.server.workflow;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsaVerifier;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether an entry's actor signed it with an approver key of their own: a signature that verifies,
 * by a key of purpose {@code approver} whose owner is the statement's actor and that was valid at
 * its {@code created_at}. What the policy's {@code requireApproverSignature} asks of an approval,
 * judged as the offline verifier judges it (docs/formats.md §3).
 */
public final class ApproverSignatures {
  private ApproverSignatures() {}

  /**
   * Judges an envelope's signatures with the keys {@code keys} names.
   *
   * @param envelope the entry's envelope
   * @param statement the statement its payload holds
   * @param keys the registered key of an id, with its ends applied, if any
   */
  public static boolean signedByActor(
      Envelope envelope, Statement statement, Function<KeyId, Optional<RegisteredKey>> keys) {
    String actor = statement.predicate().actor().subject();
    Instant at = statement.predicate().createdAt();
    byte[] pae = null;
    for (EnvelopeSignature sig : envelope.signatures()) {
      Optional<RegisteredKey> key = keys.apply(sig.keyId());
      if (key.isEmpty()
          || !key.get().purpose().equals("approver")
          || !key.get().owner().equals(actor)
          || !key.get().validAt(at)) {
        continue;
      }
      if (pae == null) {
        pae = Envelope.pae(envelope.payloadType(), envelope.payload());
      }
      try {
        new MlDsaVerifier(key.get().toPublicKey()).verify(pae, sig.sig());
        return true;
      } catch (VerificationException e) {
        // Not this one; the entry's own check reports a bad signature.
      }
    }
    return false;
  }
}
