package dev.cabledger.server.reports;

import java.util.Optional;
import java.util.Set;

/**
 * An emergency change, as its signed entries state it: the emergency approval that let it through,
 * and the retrospective CAB review it owes ({@code core/policy/EmergencyReview}).
 *
 * @param changeRequestId the change
 * @param client the tenant
 * @param title the change's title, if it has one
 * @param emergencyReason why it was an emergency, from its submission
 * @param planHash the plan the emergency approval is for
 * @param approvedBy who approved the emergency
 * @param approverRole in which role: {@code PLATFORM_ADMIN} or {@code CAB_APPROVER}
 * @param approvedAt when
 * @param reviewDueAt when the review is due: the review period after the approval, or after the
 *     apply once applied
 * @param reviewedBy the CAB approver whose decision reviewed it, if one did
 * @param reviewedAt when
 * @param reviewStatus {@code done} (decided by the due time), {@code late} (decided after it),
 *     {@code overdue} (not decided, past due at the report's time) or {@code pending} (not decided,
 *     not due yet)
 * @param entryIndex the emergency approval's entry
 * @param signaturesValid whether the signatures of every entry these values come from verify
 * @param included whether every such entry is proven included under the checkpoint
 */
record ReportedEmergency(
    String changeRequestId,
    String client,
    Optional<String> title,
    Optional<String> emergencyReason,
    String planHash,
    String approvedBy,
    String approverRole,
    String approvedAt,
    String reviewDueAt,
    Optional<String> reviewedBy,
    Optional<String> reviewedAt,
    String reviewStatus,
    long entryIndex,
    boolean signaturesValid,
    boolean included) {
  ReportedEmergency {
    if (!Set.of("done", "late", "overdue", "pending").contains(reviewStatus)) {
      throw new IllegalArgumentException("not a review status: " + reviewStatus);
    }
  }
}
