package dev.cabledger.core.sign;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/** Verifies ML-DSA-65 signatures (pure mode, empty context) with one public key; thread-safe. */
public final class MlDsaVerifier {
  private final PublicKey key;
  private final KeyId fingerprint;

  /** A verifier for the key; {@link Failure#KEY} if it is not an ML-DSA-65 public key. */
  public MlDsaVerifier(PublicKey key) {
    byte[] spki = MlDsa65.spki(key);
    // Re-decode so that verification always runs on the JDK provider, whatever made the key.
    this.key = MlDsa65.publicKeyFromSpki(spki);
    this.fingerprint = KeyId.forMlDsa65(spki);
  }

  /** The public key. */
  public PublicKey publicKey() {
    return key;
  }

  /**
   * Checks a signature over the message.
   *
   * @throws VerificationException ({@link Failure#SIGNATURE}) if it does not verify
   */
  public void verify(byte[] message, byte[] signature) {
    if (signature.length != MlDsa65.SIGNATURE_LENGTH) {
      throw new VerificationException(
          Failure.SIGNATURE,
          "ML-DSA-65 signature has "
              + signature.length
              + " bytes, expected "
              + MlDsa65.SIGNATURE_LENGTH);
    }
    boolean valid;
    try {
      Signature verifier = Signature.getInstance("ML-DSA", MlDsa65.PROVIDER);
      verifier.initVerify(key);
      verifier.update(message);
      valid = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new VerificationException(
          Failure.SIGNATURE,
          "ML-DSA-65 signature could not be checked against key " + fingerprint + ": " + e,
          e);
    }
    if (!valid) {
      throw new VerificationException(
          Failure.SIGNATURE, "ML-DSA-65 signature does not verify against key " + fingerprint);
    }
  }

  @Override
  public String toString() {
    return "MlDsaVerifier[" + fingerprint + "]";
  }
}
