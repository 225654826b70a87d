package dev.cabledger.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** A SHA-256 digest: exactly 32 bytes, immutable, compared by value. */
public final class Digest implements Comparable<Digest> {
  /** Length of a SHA-256 digest in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Digest(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps 32 bytes (copied). */
  public static Digest of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got " + bytes.length);
    }
    return new Digest(bytes.clone());
  }

  /** SHA-256 of the given data. */
  public static Digest sha256(byte[] data) {
    return new Digest(newSha256().digest(data));
  }

  /** Parses 64 hex digits (either case). */
  public static Digest fromHex(String hex) {
    if (hex.length() != LENGTH * 2) {
      throw new IllegalArgumentException(
          "a SHA-256 digest is 64 hex digits, got " + hex.length() + " characters");
    }
    return new Digest(HEX.parseHex(hex));
  }

  /** Parses standard base64 of 32 bytes. */
  public static Digest fromBase64(String base64) {
    return of(Base64.getDecoder().decode(base64));
  }

  /** A new SHA-256 MessageDigest; every JDK has one. */
  public static MessageDigest newSha256() {
    // A clone of an unused instance: getInstance looks the provider up and checks algorithm
    // constraints each time, which cost more than hashing the 65 bytes of a Merkle node (a
    // report checks about twenty nodes per entry). The prototype is never updated, so
    // concurrent clones read a state that does not change.
    try {
      return (MessageDigest) SHA256_PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return sha256Instance();
    }
  }

  private static final MessageDigest SHA256_PROTOTYPE = sha256Instance();

  private static MessageDigest sha256Instance() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Feeds the bytes to a running digest without copying. */
  public void updateInto(MessageDigest md) {
    md.update(bytes);
  }

  /** Lower-case hex. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** Standard base64 with padding. */
  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest d && MessageDigest.isEqual(bytes, d.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Digest o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
