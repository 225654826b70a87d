package dev.cabledger.core.policy;

import dev.cabledger.core.event.GateVerdict;
import java.util.List;

/**
 * The gate's answer for one plan, environment and moment.
 *
 * @param verdict {@code APPROVED} exactly when there is no reason to block
 * @param reasons why it is blocked
 * @param approvals the approvals that count
 * @param conditions the conditions of those approvals, for the pipeline to honour
 */
public record GateAnswer(
    GateVerdict verdict,
    List<Reason> reasons,
    List<AssessedDecision> approvals,
    List<String> conditions) {
  public GateAnswer {
    reasons = List.copyOf(reasons);
    approvals = List.copyOf(approvals);
    conditions = List.copyOf(conditions);
    if ((verdict == GateVerdict.APPROVED) != reasons.isEmpty()) {
      throw new IllegalArgumentException("a change is approved exactly when nothing blocks it");
    }
  }
}
