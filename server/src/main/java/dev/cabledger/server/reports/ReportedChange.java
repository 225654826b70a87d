package dev.cabledger.server.reports;

import java.util.List;
import java.util.Optional;

/**
 * A change with its decisions of the period: the article's fields first, read from signed entries.
 *
 * @param changeRequestId the change
 * @param approvedBy the approver of its latest approval of the period that verified and was neither
 *     revoked nor superseded; absent when there is none
 * @param approvedAt when that approval was made
 * @param module the module, from the submission
 * @param client the tenant
 * @param riskLevel the risk, from the submission; absent when it names none
 * @param planHash the change's current plan (its last submission or re-plan)
 * @param signaturePresent whether every decision's entry carries a signature
 * @param keyId the service key that signed {@code approvedBy}'s approval (or else the latest
 *     decision)
 * @param title the change's title
 * @param environment the environment it targets
 * @param requestedBy who submitted it
 * @param submittedAt when
 * @param signaturesValid whether every entry the change's values come from verifies
 * @param entriesIncluded whether every such entry is proven included under the checkpoint
 * @param decisions its CAB decisions of the period, in log order
 */
record ReportedChange(
    String changeRequestId,
    Optional<String> approvedBy,
    Optional<String> approvedAt,
    Optional<String> module,
    String client,
    Optional<String> riskLevel,
    String planHash,
    boolean signaturePresent,
    Optional<String> keyId,
    Optional<String> title,
    Optional<String> environment,
    Optional<String> requestedBy,
    Optional<String> submittedAt,
    boolean signaturesValid,
    boolean entriesIncluded,
    List<ReportedDecision> decisions) {
  ReportedChange {
    if (decisions.isEmpty()) {
      throw new IllegalArgumentException("a reported change has a decision of the period");
    }
    decisions = List.copyOf(decisions);
  }
}
