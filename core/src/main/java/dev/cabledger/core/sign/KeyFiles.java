package dev.cabledger.core.sign;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

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
  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

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
    byte[] pem = pem(PRIVATE_LABEL, der);
    try {
      writeNew(file, pem, true);
    } finally {
      Arrays.fill(der, (byte) 0);
      Arrays.fill(pem, (byte) 0);
    }
  }

  /** Writes a public key as SubjectPublicKeyInfo PEM, atomically; replaces an existing file. */
  public static void writePublicKey(Path file, PublicKey key) {
    writeNew(file, pem(PUBLIC_LABEL, MlDsa65.spki(key)), false);
  }

  /** Reads a PKCS#8 PEM private key; {@link Failure#KEY} if it is not an ML-DSA-65 key. */
  public static PrivateKey readPrivateKey(Path file) {
    byte[] der = decodePem(read(file), PRIVATE_LABEL);
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
    return MlDsa65.publicKeyFromSpki(decodePem(pem, PUBLIC_LABEL));
  }

  // RFC 7468 §2: "-----BEGIN label-----", base64 lines of 64 characters, "-----END label-----".
  private static byte[] pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  // RFC 7468 §3 (lax parsing): text outside the encapsulation boundaries and whitespace inside
  // are ignored; the label must be the expected one and the base64 must be well formed.
  private static byte[] decodePem(String text, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = text.indexOf(begin);
    int to = from < 0 ? -1 : text.indexOf(end, from + begin.length());
    if (from < 0 || to < 0) {
      throw new VerificationException(
          Failure.KEY, "not a PEM \"" + label + "\": missing " + (from < 0 ? begin : end));
    }
    String base64 = text.substring(from + begin.length(), to).replaceAll("\\s+", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      if (der.length == 0) {
        throw new IllegalArgumentException("empty");
      }
      return der;
    } catch (IllegalArgumentException e) {
      throw new VerificationException(
          Failure.KEY, "PEM \"" + label + "\" has bad base64: " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file, e);
    }
  }

  private static void writeNew(Path file, byte[] content, boolean secret) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    try {
      if (secret && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(
            target.toString(), null, "refusing to overwrite a private key");
      }
      boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
      FileAttribute<?>[] attributes =
          posix
              ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
              : new FileAttribute<?>[0];
      // createTempFile creates the file exclusively, with these permissions from the start.
      Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attributes);
      try {
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          channel.force(true);
        }
        if (!secret && posix) {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write key file " + file, e);
    }
  }
}
