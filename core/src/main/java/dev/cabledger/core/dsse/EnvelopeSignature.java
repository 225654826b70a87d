package dev.cabledger.core.dsse;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.sign.MlDsaVerifier;
import java.util.Arrays;
import java.util.Objects;

/** One DSSE signature: the signing key's id and the signature bytes over the envelope's PAE. */
public record EnvelopeSignature(KeyId keyId, byte[] sig) {
  /** Copies the signature bytes; they must not be empty. */
  public EnvelopeSignature {
    if (sig.length == 0) {
      throw new IllegalArgumentException("a DSSE signature must not be empty");
    }
    sig = sig.clone();
  }

  /** A copy of the signature bytes. */
  @Override
  public byte[] sig() {
    return sig.clone();
  }

  /**
   * Verifies these bytes over {@code pae} without copying them (a report verifies hundreds of
   * thousands of 3.3 KB signatures).
   *
   * @throws dev.cabledger.core.VerificationException if the signature is invalid
   */
  void verifyWith(MlDsaVerifier verifier, byte[] pae) {
    verifier.verify(pae, sig);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnvelopeSignature other
        && keyId.equals(other.keyId)
        && Arrays.equals(sig, other.sig);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, Arrays.hashCode(sig));
  }

  @Override
  public String toString() {
    return "EnvelopeSignature[keyId=" + keyId + ", sig=" + sig.length + " bytes]";
  }
}
