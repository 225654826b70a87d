package dev.cabledger.core.registry;

import java.util.Locale;

/** Lifecycle state of a registered key. */
public enum KeyStatus {
  /** May sign. */
  ACTIVE,
  /** No longer signs; signatures made while it was valid still count. */
  RETIRED,
  /** Its private key leaked: no signature by it counts. */
  COMPROMISED;

  /** The lower-case JSON name. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the JSON name. */
  public static KeyStatus ofJson(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
