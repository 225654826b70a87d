package dev.cabledger.server.keys;

import java.util.Locale;

/** How a key's validity ends before its time: a {@code key_end} row (docs/formats.md §6). */
public enum KeyEnd {
  /** A KEY_RETIRED entry: signatures after its {@code valid_to} do not count. */
  RETIRED,
  /** A KEY_COMPROMISED entry: signatures at or after its {@code since} do not count. */
  COMPROMISED;

  /** The word in {@code key_end.how}. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  static KeyEnd ofJson(String how) {
    return valueOf(how.toUpperCase(Locale.ROOT));
  }
}
