package dev.cabledger.core.event;

import java.util.Locale;

/** The kind of a security exception (Approval Audit Schema, security reviewer record). */
public enum ExceptionType implements JsonWord {
  VULNERABILITY_SCAN,
  CROSS_BOUNDARY,
  UNSIGNED_PACKAGE;

  /** The word as written in {@code event_data}. */
  @Override
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
