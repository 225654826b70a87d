package dev.cabledger.core.checkpoint;

import dev.cabledger.core.Digest;
import dev.cabledger.core.sign.MlDsa65;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 4-byte key ID of a C2SP signed-note signature line: the first four bytes of SHA-256(key name
 * || 0x0A || signature type || public key), here with type 0xff "mldsa65".
 */
public record NoteKeyId(byte[] bytes) {
  /** The signature type of ML-DSA-65 note signatures: 0xff followed by ASCII "mldsa65". */
  static final byte[] MLDSA65_SIGNATURE_TYPE = {
    (byte) 0xff, 'm', 'l', 'd', 's', 'a', '6', '5',
  };

  /** Exactly four bytes, copied. */
  public NoteKeyId {
    if (bytes.length != 4) {
      throw new IllegalArgumentException("a note key ID has 4 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** The key ID of an ML-DSA-65 key under a key name (signed-note "Signatures"). */
  public static NoteKeyId forMlDsa65(String keyName, PublicKey key) {
    SignedNote.requireValidName(keyName);
    MessageDigest sha256 = Digest.newSha256();
    sha256.update(keyName.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0x0a);
    sha256.update(MLDSA65_SIGNATURE_TYPE);
    sha256.update(MlDsa65.rawPublicKey(key));
    return new NoteKeyId(Arrays.copyOf(sha256.digest(), 4));
  }

  /** A copy of the four bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Eight lower-case hex digits. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteKeyId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
