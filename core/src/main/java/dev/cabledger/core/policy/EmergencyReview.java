package dev.cabledger.core.policy;

import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ChangeType;
import dev.cabledger.core.event.EmergencyApproved;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The retrospective CAB review an emergency change owes (docs/workflow.md, "Change types"): once an
 * emergency approval counted, a CAB approver other than the requester must decide on the change
 * ({@code CAB_APPROVED} or {@code CAB_REJECTED}) within the review period of its approval, or of
 * its apply if it was applied since.
 *
 * @param approval the {@code EMERGENCY_APPROVED} entry the review is owed for
 * @param dueAt when the review is due
 * @param review the CAB decision that reviewed it, if one has been logged
 */
public record EmergencyReview(LoggedEvent approval, Instant dueAt, Optional<LoggedEvent> review) {
  public EmergencyReview {
    if (!(approval.data() instanceof EmergencyApproved)) {
      throw new IllegalArgumentException(
          "entry " + approval.index() + " is not an emergency approval");
    }
  }

  /**
   * The review the change owes, if it is an emergency change that an emergency approval counted for
   * (of any of its plans: the break-glass happened).
   *
   * @param within the review period ({@code cab.workflow.emergency-review-days})
   */
  public static Optional<EmergencyReview> of(ChangeHistory history, Duration within) {
    if (history.submitted().changeType() != ChangeType.EMERGENCY) {
      return Optional.empty();
    }
    String requester = history.requester().subject();
    LoggedEvent approval = null;
    Instant from = null;
    boolean applied = false;
    LoggedEvent review = null;
    for (LoggedEvent e : history.events()) {
      if (approval == null) {
        if (e.data() instanceof EmergencyApproved a
            && e.actor().hasRole(a.approverRole())
            && !a.approver().equals(requester)) {
          approval = e;
          from = e.createdAt();
        }
      } else if (e.data() instanceof ChangeApplied && !applied) {
        applied = true;
        from = e.createdAt();
      } else if (review == null
          && ((e.data() instanceof CabApproved a && reviews(e, a.approverRole(), requester))
              || (e.data() instanceof CabRejected r && reviews(e, r.approverRole(), requester)))) {
        review = e;
      }
    }
    if (approval == null) {
      return Optional.empty();
    }
    return Optional.of(
        new EmergencyReview(approval, from.plus(within), Optional.ofNullable(review)));
  }

  /** Whether the review is past due and not done at {@code at}. */
  public boolean overdue(Instant at) {
    return review.isEmpty() && at.isAfter(dueAt);
  }

  private static boolean reviews(LoggedEvent e, String role, String requester) {
    return role.equals(ChangeAssessment.CAB_APPROVER)
        && e.actor().hasRole(ChangeAssessment.CAB_APPROVER)
        && !e.actor().subject().equals(requester);
  }
}
