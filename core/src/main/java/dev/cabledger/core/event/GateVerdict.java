package dev.cabledger.core.event;

import java.util.Locale;

/** What the deployment gate answered. */
public enum GateVerdict implements JsonWord {
  APPROVED,
  BLOCKED;

  /** The word as written in {@code event_data}. */
  @Override
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
