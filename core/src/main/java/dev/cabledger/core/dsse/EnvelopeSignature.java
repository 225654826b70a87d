package dev.cabledger.core.dsse;

import dev.cabledger.core.KeyId;
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
