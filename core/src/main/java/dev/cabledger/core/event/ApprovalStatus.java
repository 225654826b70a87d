package dev.cabledger.core.event;

import java.util.Locale;

/** The status of a CAB approval (Approval Audit Schema: approved or conditional). */
public enum ApprovalStatus implements JsonWord {
  APPROVED,
  CONDITIONAL;

  /** The word as written in {@code event_data}. */
  @Override
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
