package dev.cabledger.core.sign;

import dev.cabledger.core.KeyId;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * Signs with an ML-DSA-65 private key: pure mode, empty context, hedged (randomized) signing.
 *
 * <p>Thread-safe: every call uses its own {@link Signature}. The provider is chosen by the JCA from
 * the key, so keys held by another provider (an HSM) work too.
 */
public final class MlDsaSigner {
  private final KeyId keyId;
  private final PrivateKey key;

  /** A signer whose signatures carry the given key id. */
  public MlDsaSigner(KeyId keyId, PrivateKey key) {
    if (!MlDsa65.isMlDsa65(key)) {
      throw new IllegalArgumentException(
          "key " + keyId + " is not an ML-DSA-65 private key: " + MlDsa65.describe(key));
    }
    this.keyId = keyId;
    this.key = key;
  }

  /** The id of the signing key. */
  public KeyId keyId() {
    return keyId;
  }

  /**
   * An ML-DSA-65 signature over the message.
   *
   * @throws SigningException on any failure; the caller must not proceed unsigned
   */
  public byte[] sign(byte[] message) {
    byte[] signature;
    try {
      Signature signer = Signature.getInstance("ML-DSA");
      signer.initSign(key);
      signer.update(message);
      signature = signer.sign();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SigningException("ML-DSA-65 signing with key " + keyId + " failed: " + e, e);
    }
    if (signature.length != MlDsa65.SIGNATURE_LENGTH) {
      throw new SigningException(
          "ML-DSA-65 signing with key "
              + keyId
              + " returned "
              + signature.length
              + " bytes instead of "
              + MlDsa65.SIGNATURE_LENGTH);
    }
    return signature;
  }

  @Override
  public String toString() {
    return "MlDsaSigner[" + keyId + "]";
  }
}
