package dev.cabledger.core.json;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) and the strict JSON parser every CAB Ledger format
 * uses.
 *
 * <p>The canonical form is written by our own small writer over a Jackson tree rather than by
 * configuring Jackson's serializer and re-parsing its output: Jackson's number formatting differs
 * from ECMAScript's and its string escaping from RFC 8785 §3.2.2.2, so a serializer-based approach
 * would need a second parse to fix them up; walking the tree once is simpler to review and faster.
 */
public final class CanonicalJson {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          // RFC 8785 §3.1: input must be I-JSON (RFC 7493 §2.3: no duplicate member names).
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // RFC 8785 §3.2.2.3: numbers are IEEE 754 double precision values.
          .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  /** The shared mapper: rejects duplicate keys and trailing tokens, reads floats as doubles. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /**
   * The UTF-8 JCS bytes of a JSON tree.
   *
   * @throws IllegalArgumentException if the tree holds a value JSON cannot carry (NaN, infinity, a
   *     lone surrogate, binary or POJO nodes)
   */
  public static byte[] canonicalize(JsonNode node) {
    // Log entries are a few kilobytes (base64 payload and signature): start big enough that the
    // buffer rarely regrows.
    StringBuilder out = new StringBuilder(8192);
    write(node, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The JCS form of one string value, quotes included (RFC 8785 §3.2.2.2). */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2);
    writeString(value, out);
    return out.toString();
  }

  /** Parses JSON text and returns its JCS bytes; {@link Failure#FORMAT} on bad or non-I-JSON. */
  public static byte[] canonicalize(byte[] json) {
    JsonNode node = parse(json);
    try {
      return canonicalize(node);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Failure.FORMAT, e.getMessage(), e);
    }
  }

  /** Parses one JSON value strictly; {@link Failure#FORMAT} on bad JSON or duplicate keys. */
  public static JsonNode parse(byte[] json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new VerificationException(
          Failure.FORMAT, "not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new VerificationException(Failure.FORMAT, "not valid JSON: no value");
    }
    return node;
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> {
        out.append('[');
        boolean first = true;
        for (JsonNode element : node.values()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          write(element, out);
        }
        out.append(']');
      }
      case STRING -> writeString(node.stringValue(), out);
      case NUMBER -> out.append(formatNumber(node.numberValue().doubleValue()));
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      case BINARY, POJO, MISSING ->
          throw new IllegalArgumentException(
              "a " + node.getNodeType() + " node has no JSON representation");
    }
  }

  // RFC 8785 §3.2.3: members sorted by their names as arrays of UTF-16 code units;
  // String.compareTo compares exactly that.
  private static void writeObject(JsonNode node, StringBuilder out) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
    members.sort(Map.Entry.comparingByKey());
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> member : members) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(member.getKey(), out);
      out.append(':');
      write(member.getValue(), out);
    }
    out.append('}');
  }

  // RFC 8785 §3.2.2.2: the two-character escapes for \b \t \n \f \r " \, \\u00xx (lower-case hex)
  // for other controls, everything else as is. Lone surrogates are not I-JSON (RFC 7493 §2.1).
  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    // Fast path: most strings (base64, ids, names) need no escape; copy them in one append.
    int clean = 0;
    while (clean < s.length()) {
      char c = s.charAt(clean);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        break;
      }
      clean++;
    }
    out.append(s, 0, clean);
    for (int i = clean; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            throw new IllegalArgumentException(
                "string has a lone surrogate U+" + Integer.toHexString(c) + " at index " + i);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Formats a double as ECMAScript's Number.prototype.toString does (ECMA-262 §6.1.6.1.20), as RFC
   * 8785 §3.2.2.3 requires.
   *
   * @throws IllegalArgumentException for NaN and infinities, which JSON cannot carry
   */
  static String formatNumber(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(value + " is not a JSON number (RFC 8785 §3.2.2.3)");
    }
    if (value == 0) {
      return "0"; // also -0
    }
    if (value < 0) {
      return "-" + formatNumber(-value);
    }
    // Java 19+ Double.toString gives the shortest digits that round-trip ("d.ddd" or "d.dddE±n").
    String java = Double.toString(value);
    int e = java.indexOf('E');
    String mantissa = e == -1 ? java : java.substring(0, e);
    int exponent = e == -1 ? 0 : Integer.parseInt(java.substring(e + 1));
    int dot = mantissa.indexOf('.');
    String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
    // value = 0.digits * 10^n
    int n = dot + exponent;
    int lead = 0;
    while (digits.charAt(lead) == '0') {
      lead++;
    }
    n -= lead;
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    Decimal shortest = new Decimal(digits.substring(lead, end), n);
    if (shortest.digits().length() == 2) {
      // When one digit would round-trip, Java may still print two if they are closer (4.9E-324);
      // ECMAScript requires the fewest digits. Try the two one-digit neighbours.
      shortest = oneDigit(value, shortest);
    }
    return layout(shortest.digits(), shortest.n());
  }

  /** A positive decimal 0.digits * 10^n, digits without leading or trailing zeros. */
  private record Decimal(String digits, int n) {
    boolean parsesTo(double value) {
      return Double.parseDouble(digits + "E" + (n - digits.length())) == value;
    }

    BigDecimal distanceTo(BigDecimal exact) {
      return new BigDecimal(digits + "E" + (n - digits.length())).subtract(exact).abs();
    }
  }

  private static Decimal oneDigit(double value, Decimal two) {
    int d = two.digits().charAt(0) - '0';
    Decimal down = new Decimal(String.valueOf(d), two.n());
    Decimal up =
        d == 9 ? new Decimal("1", two.n() + 1) : new Decimal(String.valueOf(d + 1), two.n());
    boolean downOk = down.parsesTo(value);
    boolean upOk = up.parsesTo(value);
    if (downOk && upOk) {
      BigDecimal exact = new BigDecimal(value);
      int cmp = down.distanceTo(exact).compareTo(up.distanceTo(exact));
      // ECMA-262: the closest; on a tie, the even digit.
      return cmp < 0 || (cmp == 0 && d % 2 == 0) ? down : up;
    }
    return downOk ? down : upOk ? up : two;
  }

  // ECMA-262 Number::toString steps 6-10 with k = digits.length().
  private static String layout(String digits, int n) {
    int k = digits.length();
    StringBuilder out = new StringBuilder(k + 8);
    if (k <= n && n <= 21) {
      out.append(digits).repeat('0', n - k);
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").repeat('0', -n).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      int exp = n - 1;
      out.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
    }
    return out.toString();
  }
}
