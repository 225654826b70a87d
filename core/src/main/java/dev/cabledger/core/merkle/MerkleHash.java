package dev.cabledger.core.merkle;

import dev.cabledger.core.Digest;
import java.security.MessageDigest;

/** The RFC 9162 §2.1.1 hash functions: leaf, interior node and the empty tree. */
public final class MerkleHash {
  private static final Digest EMPTY = Digest.sha256(new byte[0]);

  private MerkleHash() {}

  /** Leaf hash MTH({d0}) = SHA-256(0x00 || entry) (RFC 9162 §2.1.1). */
  public static Digest leaf(byte[] entry) {
    MessageDigest md = Digest.newSha256();
    md.update((byte) 0x00);
    md.update(entry);
    return Digest.of(md.digest());
  }

  /** Interior node hash SHA-256(0x01 || left || right) (RFC 9162 §2.1.1). */
  public static Digest node(Digest left, Digest right) {
    MessageDigest md = Digest.newSha256();
    md.update((byte) 0x01);
    left.updateInto(md);
    right.updateInto(md);
    return Digest.of(md.digest());
  }

  /** Root of the empty tree, MTH({}) = SHA-256("") (RFC 9162 §2.1.1). */
  public static Digest empty() {
    return EMPTY;
  }
}
