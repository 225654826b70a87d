package dev.cabledger.core.event;

import java.util.Locale;

/** A change's risk class, which sets its approval quorum. */
public enum Risk implements JsonWord {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** The word as written in {@code event_data}. */
  @Override
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
