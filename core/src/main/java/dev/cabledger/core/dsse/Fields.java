package dev.cabledger.core.dsse;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Strict access to the members of parsed JSON objects; every failure is {@link Failure#FORMAT}. */
final class Fields {
  private Fields() {}

  /** Checks that the node is an object with exactly these members. */
  static JsonNode object(JsonNode node, String what, List<String> members) {
    if (!node.isObject()) {
      throw format(what + " is not a JSON object");
    }
    for (String name : node.propertyNames()) {
      if (!members.contains(name)) {
        throw format(what + " has an unknown member \"" + name + "\"");
      }
    }
    for (String name : members) {
      if (!node.has(name)) {
        throw format(what + " lacks the member \"" + name + "\"");
      }
    }
    return node;
  }

  static String string(JsonNode object, String name, String what) {
    JsonNode value = object.get(name);
    if (value == null || !value.isString()) {
      throw format(what + "." + name + " is not a string");
    }
    return value.stringValue();
  }

  static String nonEmptyString(JsonNode object, String name, String what) {
    String value = string(object, name, what);
    if (value.isEmpty()) {
      throw format(what + "." + name + " is empty");
    }
    return value;
  }

  static JsonNode array(JsonNode object, String name, String what) {
    JsonNode value = object.get(name);
    if (value == null || !value.isArray()) {
      throw format(what + "." + name + " is not an array");
    }
    return value;
  }

  /** Standard base64 with padding (RFC 4648 §4), in its one canonical spelling. */
  static byte[] base64(JsonNode object, String name, String what) {
    String text = string(object, name, what);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(
          Failure.FORMAT, what + "." + name + " is not standard base64: " + e.getMessage(), e);
    }
    if (!canonicalBase64(text, bytes.length)) {
      throw format(what + "." + name + " is not canonical padded standard base64");
    }
    return bytes;
  }

  /**
   * Whether {@code text}, which the standard decoder read as {@code decoded} bytes, is their one
   * padded spelling. The decoder refuses characters outside the alphabet and padding before the
   * end; it lets through missing padding and non-zero unused bits in the last character, which are
   * checked here by arithmetic instead of encoding the bytes again (entries hold kilobytes of
   * base64, and a report reads hundreds of thousands of them).
   */
  static boolean canonicalBase64(String text, int decoded) {
    int n = text.length();
    return canonicalBase64(
        n, decoded, n >= 3 ? text.charAt(n - 3) : 'A', n >= 2 ? text.charAt(n - 2) : 'A');
  }

  /**
   * {@link #canonicalBase64(String, int)} from the text's length and its third and second last
   * characters (either may be anything when the text is shorter).
   */
  static boolean canonicalBase64(int length, int decoded, int thirdLast, int secondLast) {
    if (length != (decoded + 2) / 3 * 4) {
      return false;
    }
    int rest = decoded % 3;
    if (rest == 0) {
      return true;
    }
    // One byte left: "xy==", y carries 2 bits of it and 4 unused; two bytes: "xyz=", z 4 and 2.
    char last = (char) (rest == 1 ? thirdLast : secondLast);
    int unusedBits = rest == 1 ? 0x0f : 0x03;
    return (sextet(last) & unusedBits) == 0;
  }

  /** The value of a character of the standard base64 alphabet (RFC 4648 Table 1). */
  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+') {
      return 62;
    }
    if (c == '/') {
      return 63;
    }
    throw new IllegalArgumentException("not a base64 character: " + c);
  }

  static VerificationException format(String message) {
    return new VerificationException(Failure.FORMAT, message);
  }
}
