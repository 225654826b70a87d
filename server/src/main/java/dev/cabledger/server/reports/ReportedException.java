package dev.cabledger.server.reports;

import java.util.List;

/**
 * A security exception requested or decided in the period, as its signed entries state it.
 *
 * @param exceptionId the exception
 * @param changeRequestId its change
 * @param client the tenant
 * @param exceptionType {@code vulnerability_scan}, {@code cross_boundary} or {@code
 *     unsigned_package}
 * @param planHash the plan it was requested for
 * @param requestedBy who requested it
 * @param requestedAt when
 * @param reason why (the request's justification)
 * @param compensatingControls the controls the request names
 * @param entryIndex the request's entry
 * @param signatureValid whether the request's signatures verify
 * @param included whether the request is proven included under the checkpoint
 * @param decisions the security reviewers' decisions of the period
 */
record ReportedException(
    String exceptionId,
    String changeRequestId,
    String client,
    String exceptionType,
    String planHash,
    String requestedBy,
    String requestedAt,
    String reason,
    List<String> compensatingControls,
    long entryIndex,
    boolean signatureValid,
    boolean included,
    List<ReportedDecision> decisions) {
  ReportedException {
    compensatingControls = List.copyOf(compensatingControls);
    decisions = List.copyOf(decisions);
  }
}
