package dev.cabledger.core.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.VerificationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PemTest {
  private static final byte[] DER = new byte[100];

  static {
    for (int i = 0; i < DER.length; i++) {
      DER[i] = (byte) i;
    }
  }

  @Test
  void encode_wrapsBase64At64CharactersBetweenBoundaries() {
    String pem = new String(Pem.encode("PUBLIC KEY", DER), StandardCharsets.US_ASCII);

    String[] lines = pem.split("\n");
    assertThat(lines[0]).isEqualTo("-----BEGIN PUBLIC KEY-----");
    assertThat(lines[1]).hasSize(64);
    assertThat(lines[lines.length - 1]).isEqualTo("-----END PUBLIC KEY-----");
    assertThat(Pem.decode(pem, "PUBLIC KEY")).isEqualTo(DER);
  }

  @Test
  void decode_ignoresTextOutsideTheBoundaries() {
    String pem = "comment\n" + new String(Pem.encode("X", DER), StandardCharsets.US_ASCII) + "tail";

    assertThat(Pem.decode(pem, "X")).isEqualTo(DER);
  }

  @Test
  void decode_otherLabel_isRejected() {
    String pem = new String(Pem.encode("PRIVATE KEY", DER), StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> Pem.decode(pem, "PUBLIC KEY"))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("missing -----BEGIN PUBLIC KEY-----");
  }

  @Test
  void decode_missingEnd_isRejected() {
    assertThatThrownBy(() -> Pem.decode("-----BEGIN X-----\nAAAA\n", "X"))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("missing -----END X-----");
  }

  @Test
  void decode_emptyBody_isRejected() {
    assertThatThrownBy(() -> Pem.decode("-----BEGIN X-----\n-----END X-----\n", "X"))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("bad base64");
  }
}
