package dev.cabledger.server.changes;

import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.EmergencyReview;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A change's type as its submission states it (docs/workflow.md, "Change types"), and for an
 * emergency change the retrospective review it owes.
 *
 * @param type normal, standard or emergency
 * @param templateId the template a standard change matches
 * @param emergencyReason why an emergency change could not wait
 * @param review the review an approved emergency change owes, once one is owed
 */
record ChangeTypeView(
    String type,
    Optional<String> templateId,
    Optional<String> emergencyReason,
    Optional<ReviewView> review) {

  /**
   * The retrospective CAB review of an emergency change.
   *
   * @param approvedBy who approved the emergency
   * @param approvalEntryIndex the {@code EMERGENCY_APPROVED} entry
   * @param dueAt when the review is due: the review period after the approval, or after the apply
   *     once applied
   * @param reviewedBy the CAB approver whose decision reviewed it, if one has
   * @param reviewEntryIndex that decision's entry
   * @param overdue whether it is past due and not done
   */
  record ReviewView(
      String approvedBy,
      long approvalEntryIndex,
      String dueAt,
      Optional<String> reviewedBy,
      Optional<Long> reviewEntryIndex,
      boolean overdue) {}

  static ChangeTypeView of(ChangeHistory history, Duration reviewPeriod, Instant now) {
    ChangeSubmitted s = history.submitted();
    return new ChangeTypeView(
        s.changeType().json(),
        s.templateId().map(Object::toString),
        s.emergencyReason(),
        EmergencyReview.of(history, reviewPeriod)
            .map(
                r ->
                    new ReviewView(
                        r.approval().actor().subject(),
                        r.approval().index(),
                        r.dueAt().toString(),
                        r.review().map(e -> e.actor().subject()),
                        r.review().map(e -> e.index()),
                        r.overdue(now))));
  }
}
