package dev.cabledger.core.sign;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * ML-DSA-65 keys in PEM files (RFC 7468): private keys as PKCS#8 "PRIVATE KEY", public keys as
 * X.509 SubjectPublicKeyInfo "PUBLIC KEY".
 *
 * <p>File errors are thrown as {@link UncheckedIOException}; malformed keys as {@link
 * VerificationException} ({@link Failure#KEY}).
 */
public final class KeyFiles {
  private static final String PRIVATE_LABEL = "PRIVATE KEY";
  private static final String PUBLIC_LABEL = "PUBLIC KEY";

  private KeyFiles() {}

  /**
   * Writes a private key as PKCS#8 PEM. The key is written to a temporary file in the same
   * directory that is created with owner-only read/write (POSIX 0600) from the start, synced, then
   * renamed into place atomically: the key is never readable by others, not even briefly, and never
   * half-written. An existing file is not replaced. On file systems without POSIX permissions the
   * directory's default access control applies.
   */
  public static void writePrivateKey(Path file, PrivateKey key) {
    if (!MlDsa65.isMlDsa65(key)) {
      throw new IllegalArgumentException("not an ML-DSA-65 private key: " + MlDsa65.describe(key));
    }
    byte[] der = key.getEncoded();
    if (der == null || !"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("the private key cannot be exported as PKCS#8");
    }
    byte[] pem = Pem.encode(PRIVATE_LABEL, der);
    try {
      AtomicFile.writeSecret(file, pem);
    } finally {
      Arrays.fill(der, (byte) 0);
      Arrays.fill(pem, (byte) 0);
    }
  }

  /** Writes a public key as SubjectPublicKeyInfo PEM, atomically; replaces an existing file. */
  public static void writePublicKey(Path file, PublicKey key) {
    AtomicFile.writePublic(file, Pem.encode(PUBLIC_LABEL, MlDsa65.spki(key)));
  }

  /** Reads a PKCS#8 PEM private key; {@link Failure#KEY} if it is not an ML-DSA-65 key. */
  public static PrivateKey readPrivateKey(Path file) {
    byte[] der = Pem.decode(read(file), PRIVATE_LABEL);
    try {
      return MlDsa65.keyFactory().generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new VerificationException(
          Failure.KEY, "not an ML-DSA-65 private key: " + file.getFileName(), e);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** Reads a SubjectPublicKeyInfo PEM public key; {@link Failure#KEY} if not ML-DSA-65. */
  public static PublicKey readPublicKey(Path file) {
    return parsePublicKeyPem(read(file));
  }

  /** Parses SubjectPublicKeyInfo PEM text; {@link Failure#KEY} if not an ML-DSA-65 key. */
  public static PublicKey parsePublicKeyPem(String pem) {
    return MlDsa65.publicKeyFromSpki(Pem.decode(pem, PUBLIC_LABEL));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file, e);
    }
  }
}
