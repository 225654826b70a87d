package dev.cabledger.core.policy;

/**
 * How many distinct people must approve: CAB approvers, and security reviewers besides them.
 *
 * @param cabApprovers distinct approvals in the CAB_APPROVER role, at least 1
 * @param securityReviewers distinct approvals in the SECURITY_REVIEWER role
 */
public record Quorum(int cabApprovers, int securityReviewers) {
  public Quorum {
    if (cabApprovers < 1 || cabApprovers > 16 || securityReviewers < 0 || securityReviewers > 16) {
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
