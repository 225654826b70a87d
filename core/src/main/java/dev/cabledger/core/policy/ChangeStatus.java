package dev.cabledger.core.policy;

import java.util.Locale;

/** Where a change stands under the policy. */
public enum ChangeStatus {
  /** The policy still needs something (see the assessment's reasons). */
  PENDING,
  /** Approved without conditions. */
  APPROVED,
  /** Approved, with conditions. */
  CONDITIONAL,
  /** A denial blocks it. */
  DENIED,
  /** Its current plan was applied. */
  APPLIED;

  /** The word as the API and the log write it. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
