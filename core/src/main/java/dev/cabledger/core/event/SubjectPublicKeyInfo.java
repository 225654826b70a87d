package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.Arrays;
import java.util.Base64;

/**
 * A public key as X.509 SubjectPublicKeyInfo DER, compared by value.
 *
 * @param der the encoded key
 */
public record SubjectPublicKeyInfo(byte[] der) {
  public SubjectPublicKeyInfo {
    if (der.length == 0) {
      throw new IllegalArgumentException("a SubjectPublicKeyInfo is not empty");
    }
    der = der.clone();
  }

  @Override
  public byte[] der() {
    return der.clone();
  }

  /** SHA-256 of the DER: a key event's subject digest (docs/formats.md §2). */
  public Digest sha256() {
    return Digest.sha256(der);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubjectPublicKeyInfo k && Arrays.equals(k.der, der);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "SubjectPublicKeyInfo[" + Base64.getEncoder().encodeToString(der) + "]";
  }
}
