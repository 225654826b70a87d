package dev.cabledger.core.policy;

import dev.cabledger.core.event.AppliedPolicy;

/**
 * How many distinct people must approve: CAB approvers, and security reviewers besides them.
 *
 * @param cabApprovers distinct approvals in the CAB_APPROVER role, at least 1
 * @param securityReviewers distinct approvals in the SECURITY_REVIEWER role
 */
public record Quorum(int cabApprovers, int securityReviewers) {
  public Quorum {
    // One limit with the recorded form, so that every policy the service applies can be recorded.
    if (cabApprovers < 1
        || cabApprovers > AppliedPolicy.MAX_APPROVERS
        || securityReviewers < 0
        || securityReviewers > AppliedPolicy.MAX_APPROVERS) {
      throw new IllegalArgumentException(
          "a quorum needs 1 to 16 CAB approvers and 0 to 16 security reviewers");
    }
  }

  @Override
  public String toString() {
    return cabApprovers
        + " CAB approver"
        + (cabApprovers == 1 ? "" : "s")
        + (securityReviewers == 0
            ? ""
            : " and "
                + securityReviewers
                + " security reviewer"
                + (securityReviewers == 1 ? "" : "s"));
  }
}
