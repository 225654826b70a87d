package dev.cabledger.core.dsse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FieldsTest {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  @Test
  void base64_acceptsExactlyWhatEncodesBackToTheSameText() {
    // Every unit of one, two and three characters plus padding the decoder accepts: the cheap
    // check must agree with the definition (encoding the bytes again gives the same text).
    int accepted = 0;
    int refused = 0;
    for (String text : candidates()) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        continue;
      }
      boolean canonical = Base64.getEncoder().encodeToString(bytes).equals(text);
      assertThat(Fields.canonicalBase64(text, bytes.length)).as(text).isEqualTo(canonical);
      if (canonical) {
        accepted++;
      } else {
        refused++;
      }
    }
    // "xy==" with 4 values of y, "xyz=" (alone and after "AAAA") with 16 values of z
    assertThat(accepted).isEqualTo(64 * 4 + 2 * 64 * 64 * 16);
    assertThat(refused).isGreaterThan(64 * 64 * 64);
  }

  @Test
  void base64_refusesMissingPaddingAndUnusedBits() {
    assertThat(value("\"YQ==\"")).isEqualTo("a".getBytes(StandardCharsets.US_ASCII));
    assertThat(value("\"YWI=\"")).isEqualTo("ab".getBytes(StandardCharsets.US_ASCII));
    assertThat(value("\"\"")).isEmpty();
    for (String bad : new String[] {"\"YQ\"", "\"YR==\"", "\"YWJ=\"", "\"YWI\"", "\"YQ==YQ==\""}) {
      assertThatThrownBy(() -> value(bad)).as(bad).isInstanceOf(VerificationException.class);
    }
  }

  private static byte[] value(String json) {
    return Fields.base64(
        CanonicalJson.parse(("{\"v\":" + json + "}").getBytes(StandardCharsets.UTF_8)), "v", "t");
  }

  private static java.util.List<String> candidates() {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (char a : ALPHABET.toCharArray()) {
      for (char b : ALPHABET.toCharArray()) {
        out.add("" + a + b);
        out.add("" + a + b + "==");
        for (char c : ALPHABET.toCharArray()) {
          out.add("" + a + b + c + "=");
          out.add("AAAA" + a + b + c + "=");
        }
      }
    }
    return out;
  }
}
