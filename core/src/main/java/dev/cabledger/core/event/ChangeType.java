package dev.cabledger.core.event;

import java.util.Locale;

/**
 * How a change is approved (ServiceNow's change types; docs/workflow.md, "Change types"): by the
 * CAB's quorum, by rule from a CAB-approved template, or by one person in an emergency.
 */
public enum ChangeType implements JsonWord {
  /** Approved by the quorum its risk needs. */
  NORMAL,
  /** Approved by rule when it matches a template the CAB approved. */
  STANDARD,
  /** Break-glass: one approver, passes freezes, owes a retrospective CAB review. */
  EMERGENCY;

  /** The word as written in {@code event_data}. */
  @Override
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
