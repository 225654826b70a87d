package dev.cabledger.core.policy;

import dev.cabledger.core.event.ApprovalConstraints;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A CAB decision ({@code CAB_APPROVED} or {@code CAB_REJECTED}) and where it stands.
 *
 * @param entry the signed entry
 * @param approvalId the decision's id
 * @param approver who decided
 * @param approverRole the role they decided in
 * @param approves whether it approves (otherwise it denies)
 * @param standing whether it counts, and if not why
 * @param expiresAt when the approval stops counting, if it does
 * @param conditions the conditions shown to the pipeline
 * @param constraints what the gate enforces of them
 */
public record AssessedDecision(
    LoggedEvent entry,
    UUID approvalId,
    String approver,
    String approverRole,
    boolean approves,
    Standing standing,
    Optional<Instant> expiresAt,
    List<String> conditions,
    ApprovalConstraints constraints) {
  public AssessedDecision {
    conditions = List.copyOf(conditions);
  }
}
