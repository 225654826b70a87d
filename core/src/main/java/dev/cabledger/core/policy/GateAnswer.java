package dev.cabledger.core.policy;

import dev.cabledger.core.event.GateVerdict;
import java.util.List;
import java.util.Optional;

/**
 * The gate's answer for one plan, environment and moment.
 *
 * @param verdict {@code APPROVED} exactly when there is no reason to block
 * @param reasons why it is blocked
 * @param approvals the approvals that count
 * @param conditions the conditions of those approvals, for the pipeline to honour
 * @param override the override that approved it despite the policy, if one did
 * @param rule what approved it by rule (a standard change's template, an emergency's approver), if
 *     the change's type did
 */
public record GateAnswer(
    GateVerdict verdict,
    List<Reason> reasons,
    List<AssessedDecision> approvals,
    List<String> conditions,
    Optional<PolicyOverride> override,
    Optional<RuleApproval> rule) {
  public GateAnswer {
    reasons = List.copyOf(reasons);
    approvals = List.copyOf(approvals);
    conditions = List.copyOf(conditions);
    if ((verdict == GateVerdict.APPROVED) != reasons.isEmpty()) {
      throw new IllegalArgumentException("a change is approved exactly when nothing blocks it");
    }
    if (override.isPresent() && verdict != GateVerdict.APPROVED) {
      throw new IllegalArgumentException("an override is named only in an approved answer");
    }
    if (rule.isPresent() && verdict != GateVerdict.APPROVED) {
      throw new IllegalArgumentException("a rule approval is named only in an approved answer");
    }
  }

  /** An answer no change type's rule approved. */
  public GateAnswer(
      GateVerdict verdict,
      List<Reason> reasons,
      List<AssessedDecision> approvals,
      List<String> conditions,
      Optional<PolicyOverride> override) {
    this(verdict, reasons, approvals, conditions, override, Optional.empty());
  }

  /** An answer no override approved. */
  public GateAnswer(
      GateVerdict verdict,
      List<Reason> reasons,
      List<AssessedDecision> approvals,
      List<String> conditions) {
    this(verdict, reasons, approvals, conditions, Optional.empty(), Optional.empty());
  }
}
