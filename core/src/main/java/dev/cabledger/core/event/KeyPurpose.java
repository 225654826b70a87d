package dev.cabledger.core.event;

import java.util.Locale;

/**
 * What a key signs (docs/formats.md §6): checkpoints, statements, or a principal's own decisions.
 */
public enum KeyPurpose implements JsonWord {
  LOG,
  SERVICE,
  APPROVER;

  /** The word as written in {@code event_data}. */
  @Override
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
