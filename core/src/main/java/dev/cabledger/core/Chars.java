package dev.cabledger.core;

/**
 * The character rules of the signed formats (docs/formats.md §2), checked by loops over the
 * characters instead of regular expressions: they run on every member name and value of every entry
 * a report or a gate reads, where the regular expressions took a tenth of a statement's parse.
 * {@code CharsTest} checks each rule against the regular expression it replaces.
 */
public final class Chars {
  private Chars() {}

  /**
   * {@code \P{Cntrl}{1,max}}: 1 to {@code max} code points, none of them a control character
   * (U+0000 to U+001F and U+007F, POSIX {@code Cntrl}).
   */
  public static boolean printable(String s, int max) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return s.length() <= max || s.codePointCount(0, s.length()) <= max;
  }

  /** {@code [0-9a-f]{length}}. */
  public static boolean lowerHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** {@code [a-z][a-z0-9]*(_[a-z0-9]+)*}: snake_case, no leading, trailing or double underscore. */
  public static boolean snakeCase(String s) {
    if (s.isEmpty() || !(s.charAt(0) >= 'a' && s.charAt(0) <= 'z')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_') {
        if (i == s.length() - 1 || s.charAt(i + 1) == '_') {
          return false;
        }
      } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  /** {@code [A-Z][A-Z0-9_]{0,63}}: a role name like {@code CAB_APPROVER}. */
  public static boolean roleName(String s) {
    if (s.isEmpty() || s.length() > 64 || !(s.charAt(0) >= 'A' && s.charAt(0) <= 'Z')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** {@code [A-Za-z0-9._:@/+-]{1,128}}: the characters of a key id. */
  public static boolean keyId(String s) {
    if (s.isEmpty() || s.length() > 128) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '@'
              || c == '/'
              || c == '+'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z}: the shape of an RFC 3339 UTC time with
   * no or three fraction digits (the values are checked by parsing).
   */
  public static boolean utcTimeShape(String s) {
    int n = s.length();
    if (n != 20 && n != 24) {
      return false;
    }
    String shape = n == 20 ? "dddd-dd-ddTdd:dd:ddZ" : "dddd-dd-ddTdd:dd:dd.dddZ";
    for (int i = 0; i < n; i++) {
      char want = shape.charAt(i);
      char c = s.charAt(i);
      if (want == 'd' ? !(c >= '0' && c <= '9') : c != want) {
        return false;
      }
    }
    return true;
  }
}
