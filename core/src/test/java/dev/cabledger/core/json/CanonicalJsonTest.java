package dev.cabledger.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.MlDsaInteropVectors;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class CanonicalJsonTest {

  @ParameterizedTest
  @ValueSource(strings = {"arrays", "french", "structures", "unicode", "values", "weird"})
  void canonicalize_rfc8785Vectors_matchOutputBytes(String name) {
    byte[] input = MlDsaInteropVectors.resource("/testdata/jcs/input/" + name + ".json");
    byte[] expected = MlDsaInteropVectors.resource("/testdata/jcs/output/" + name + ".json");

    assertThat(CanonicalJson.canonicalize(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"arrays", "french", "structures", "unicode", "values", "weird"})
  void canonicalize_canonicalOutput_isIdempotent(String name) {
    byte[] expected = MlDsaInteropVectors.resource("/testdata/jcs/output/" + name + ".json");

    assertThat(CanonicalJson.canonicalize(expected)).isEqualTo(expected);
  }

  // RFC 8785 Appendix B, plus ECMAScript cases where Java's Double.toString differs.
  @ParameterizedTest
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "0000000000000002, 1e-323",
    "0000000000000003, 1.5e-323",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2",
    "3ff0000000000000, 1",
    "3fb999999999999a, 0.1",
    "3e7ad7f29abcaf48, 1e-7",
  })
  void formatNumber_ieeeBits_matchesEcmaScript(String bitsHex, String expected) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(bitsHex, 16));

    assertThat(CanonicalJson.formatNumber(value)).isEqualTo(expected);
  }

  @Test
  void formatNumber_everyShortSubnormal_roundTripsWithFewestDigits() {
    for (long bits = 1; bits < 5000; bits++) {
      double value = Double.longBitsToDouble(bits);
      String text = CanonicalJson.formatNumber(value);
      assertThat(Double.parseDouble(text)).as(text).isEqualTo(value);
      String digits = text.replaceAll("e.*", "").replace(".", "").replaceAll("^0+", "");
      String java = Double.toString(value).replaceAll("E.*", "").replace(".", "");
      assertThat(digits.length()).as(text).isLessThanOrEqualTo(java.length());
    }
  }

  @Test
  void formatNumber_layoutBoundaries_matchEcmaScript() {
    // ECMA-262 Number::toString: k digits, value = 0.digits * 10^n; the branch limits are n = k,
    // n = 21 and n = -6.
    assertThat(CanonicalJson.formatNumber(12.0)).isEqualTo("12");
    assertThat(CanonicalJson.formatNumber(1.5)).isEqualTo("1.5");
    assertThat(CanonicalJson.formatNumber(1e20)).isEqualTo("100000000000000000000");
    assertThat(CanonicalJson.formatNumber(1.5e20)).isEqualTo("150000000000000000000");
    assertThat(CanonicalJson.formatNumber(1e21)).isEqualTo("1e+21");
    assertThat(CanonicalJson.formatNumber(123456789012345.6)).isEqualTo("123456789012345.6");
    assertThat(CanonicalJson.formatNumber(1e-6)).isEqualTo("0.000001");
    assertThat(CanonicalJson.formatNumber(1.5e-6)).isEqualTo("0.0000015");
    assertThat(CanonicalJson.formatNumber(1e-7)).isEqualTo("1e-7");
    assertThat(CanonicalJson.formatNumber(-1.5e-7)).isEqualTo("-1.5e-7");
  }

  @Test
  void canonicalize_spaceAndSurrogatePairAfterAnEscape_areWrittenAsIs() {
    JsonNode node = JsonNodeFactory.instance.stringNode("\n a\uD83D\uDD12 \u001f");

    assertThat(new String(CanonicalJson.canonicalize(node), StandardCharsets.UTF_8))
        .isEqualTo("\"\\n a\uD83D\uDD12 \\u001f\"");
  }

  @Test
  void canonicalize_loneHighSurrogateAtTheEnd_isRejected() {
    JsonNode node = JsonNodeFactory.instance.stringNode("\n\uD83D");

    assertThatThrownBy(() -> CanonicalJson.canonicalize(node))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone surrogate U+d83d at index 1");
  }

  @Test
  void formatNumber_nonFinite_isRejected() {
    assertThatThrownBy(() -> CanonicalJson.formatNumber(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.formatNumber(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void canonicalize_numbers_areWrittenAsDoubles() {
    assertThat(canonical("[1E2, -0.0, 12345678901234567890, 1.50, 1e-7, 100000000000000000000000]"))
        .isEqualTo("[100,0,12345678901234567000,1.5,1e-7,1e+23]");
  }

  @Test
  void canonicalize_hugeNumber_isRejectedAsFormat() {
    assertThatThrownBy(() -> canonical("[1e400]"))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT));
  }

  @Test
  void canonicalize_sortsKeysByUtf16() {
    // U+1F602 is D83D DE02 in UTF-16 and sorts before U+FB33 there, after it by code point.
    assertThat(canonical("{\"\\ufb33\":1,\"\\ud83d\\ude02\":2,\"b\":3,\"B\":4,\"\":5}"))
        .isEqualTo("{\"\":5,\"B\":4,\"b\":3,\"\ud83d\ude02\":2,\"\ufb33\":1}");
  }

  @Test
  void canonicalize_controlCharacters_useShortOrLowerHexEscapes() {
    assertThat(canonical("\"\\u0000\\u0008\\u0009\\u000a\\u000c\\u000d\\u001f\\u007f/\\u2028\""))
        .isEqualTo("\"\\u0000\\b\\t\\n\\f\\r\\u001f\u007f/\u2028\"");
  }

  @Test
  void canonicalize_loneSurrogate_isRejected() {
    assertThatThrownBy(() -> canonical("\"\\ud800x\""))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("surrogate");
    assertThatThrownBy(
            () -> CanonicalJson.canonicalize(JsonNodeFactory.instance.stringNode("\udc00")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void canonicalize_nanNode_isRejected() {
    ObjectNode node = JsonNodeFactory.instance.objectNode().put("x", Double.NaN);

    assertThatThrownBy(() -> CanonicalJson.canonicalize(node))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void canonicalize_binaryNode_isRejected() {
    ObjectNode node = JsonNodeFactory.instance.objectNode().put("x", new byte[] {1});

    assertThatThrownBy(() -> CanonicalJson.canonicalize(node))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_duplicateKeys_areRejected() {
    assertThatThrownBy(() -> CanonicalJson.parse(utf8("{\"a\":1,\"b\":{\"c\":1,\"c\":2}}")))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT))
        .hasMessageContaining("c");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "{",
        "{\"a\":1} {}",
        "{\"a\":1}x",
        "[01]",
        "[NaN]",
        "{'a':1}",
        "[1,]",
        "// c\n1"
      })
  void parse_badJson_isRejectedAsFormat(String json) {
    assertThatThrownBy(() -> CanonicalJson.parse(utf8(json)))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT));
  }

  @Test
  void parse_invalidUtf8_isRejected() {
    byte[] json = {'"', (byte) 0xc3, (byte) 0x28, '"'};

    assertThatThrownBy(() -> CanonicalJson.parse(json)).isInstanceOf(VerificationException.class);
  }

  @Test
  void canonicalize_scalarsAndNesting_areWritten() {
    assertThat(canonical(" [ true , false , null , \"\" , [ ] , { } , [[1]] ] "))
        .isEqualTo("[true,false,null,\"\",[],{},[[1]]]");
  }

  private static String canonical(String json) {
    return new String(CanonicalJson.canonicalize(utf8(json)), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
