package dev.cabledger.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DigestTest {
  private static final String ABC_HEX =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void sha256_abc_isTheFips180Vector() {
    Digest abc = Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII));

    assertThat(abc.hex()).isEqualTo(ABC_HEX);
    assertThat(abc).hasToString(ABC_HEX);
    assertThat(Digest.fromHex(ABC_HEX.toUpperCase(Locale.ROOT))).isEqualTo(abc);
    assertThat(Digest.fromBase64(abc.base64())).isEqualTo(abc).hasSameHashCodeAs(abc);
    MessageDigest md = Digest.newSha256();
    abc.updateInto(md);
    assertThat(md.digest()).isEqualTo(Digest.sha256(abc.bytes()).bytes());
  }

  @Test
  void newSha256_givesIndependentFreshDigests() throws Exception {
    // Each is a clone of one prototype: updating one must leave the next (and the others) fresh,
    // also when threads take them at once.
    MessageDigest first = Digest.newSha256();
    first.update("abc".getBytes(StandardCharsets.US_ASCII));
    MessageDigest second = Digest.newSha256();
    assertThat(second.digest()).isEqualTo(Digest.sha256(new byte[0]).bytes());
    assertThat(Digest.of(first.digest()).hex()).isEqualTo(ABC_HEX);
    try (var pool = Executors.newFixedThreadPool(4)) {
      List<Future<String>> hexes = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        hexes.add(
            pool.submit(
                () -> {
                  MessageDigest md = Digest.newSha256();
                  md.update("abc".getBytes(StandardCharsets.US_ASCII));
                  return Digest.of(md.digest()).hex();
                }));
      }
      for (var hex : hexes) {
        assertThat(hex.get()).isEqualTo(ABC_HEX);
      }
    }
  }

  @Test
  void compareTo_ordersBytesUnsigned() {
    byte[] low = new byte[32];
    byte[] high = new byte[32];
    high[0] = (byte) 0x80; // negative as a signed byte

    assertThat(Digest.of(low).compareTo(Digest.of(high))).isNegative();
    assertThat(Digest.of(high).compareTo(Digest.of(low))).isPositive();
    assertThat(Digest.of(low).compareTo(Digest.of(low.clone()))).isZero();
  }

  @Test
  void hashCode_differsWhenBytesDiffer() {
    byte[] other = new byte[32];
    other[31] = 1;

    assertThat(Digest.of(other).hashCode()).isNotEqualTo(Digest.of(new byte[32]).hashCode());
    assertThat(Digest.of(other)).isNotEqualTo(Digest.of(new byte[32])).isNotEqualTo(other);
  }

  @Test
  void of_copiesAndChecksLength() {
    byte[] bytes = new byte[32];
    Digest d = Digest.of(bytes);
    bytes[0] = 1;

    assertThat(d.bytes()[0]).isZero();
    assertThatThrownBy(() -> Digest.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 31");
    assertThatThrownBy(() -> Digest.fromHex("ab"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 2 characters");
  }
}
