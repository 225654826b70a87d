package dev.cabledger.core.policy;

import dev.cabledger.core.event.ChangeType;

/**
 * What approved a change by rule rather than by the CAB's quorum (docs/workflow.md, "Change
 * types"), as the gate names it: the template a standard change matched, or the one person who
 * approved an emergency.
 *
 * @param type standard or emergency
 * @param entry the {@code CHANGE_TEMPLATE_MATCHED} or {@code EMERGENCY_APPROVED} entry
 * @param summary one line for a person: which template, or who and why
 */
public record RuleApproval(ChangeType type, LoggedEvent entry, String summary) {
  public RuleApproval {
    if (type == ChangeType.NORMAL || summary.isBlank()) {
      throw new IllegalArgumentException("a rule approval is of a standard or emergency change");
    }
  }
}
