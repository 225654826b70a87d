package dev.cabledger.core.policy;

/** Whether one decision counts towards the quorum, and if not, why. */
public enum Standing {
  /** An approval that counts. */
  COUNTS("counts"),
  /** A denial that blocks the change until it is superseded or revoked. */
  DENIES("denies"),
  EXPIRED("expired"),
  REVOKED("revoked"),
  /** Replaced by a later decision of the same person. */
  SUPERSEDED("superseded"),
  /** About an earlier plan of the change. */
  OTHER_PLAN("other-plan"),
  /** The requester's own change. */
  SELF_APPROVAL("self-approval"),
  /** The person approved the change's pull request, and the policy keeps those apart. */
  PR_APPROVER("pr-approver"),
  /** The person's approval already counts. */
  DUPLICATE("duplicate"),
  /** The token that signed it did not hold the role the decision names. */
  ROLE_NOT_HELD("role-not-held"),
  /**
   * The policy asks approvals of the change's risk to be signed by the approver's own key, and this
   * one is not.
   */
  UNSIGNED("unsigned");

  private final String word;

  Standing(String word) {
    this.word = word;
  }

  /** The word as the API and the log write it. */
  public String json() {
    return word;
  }
}
