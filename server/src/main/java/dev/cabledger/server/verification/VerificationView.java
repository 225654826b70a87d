package dev.cabledger.server.verification;

import dev.cabledger.server.workflow.CheckpointView;
import java.util.List;
import java.util.Optional;

/**
 * The article's verification answer ({@code changeRequestId, approvedBy, approvedAt,
 * signatureValid, algorithm, tampered}) and, per decision, what was checked. Every value about a
 * decision is read from its entry's bytes; a projection column appears only in the words that
 * report a mismatch.
 *
 * @param changeRequestId the change
 * @param approvedBy who gave the latest approval that counts now, if one does
 * @param approvedAt when
 * @param signatureValid whether every entry of the change verifies (signatures and inclusion)
 * @param algorithm the signature algorithm, ML-DSA-65
 * @param tampered whether anything about the change's entries fails to verify
 * @param projectionMatches whether every decision's projection row equals its signed payload
 * @param entries how many entries of the change were checked
 * @param decisions each decision entry, in log order
 * @param problems every failure found, in words
 * @param checkpoint the checkpoint the inclusion proofs were checked against
 */
record VerificationView(
    String changeRequestId,
    Optional<String> approvedBy,
    Optional<String> approvedAt,
    boolean signatureValid,
    String algorithm,
    boolean tampered,
    boolean projectionMatches,
    int entries,
    List<DecisionView> decisions,
    List<String> problems,
    CheckpointView checkpoint) {

  /**
   * One decision entry.
   *
   * @param entryIndex where it is in the log
   * @param eventType its type, as its bytes state it (or as the change index files it when they
   *     hold no statement)
   * @param approvalId the decision's id, from the signed bytes
   * @param approver who decided, from the signed bytes
   * @param approverRole the role they decided in, from the signed bytes
   * @param status approved, conditional or denied, from the signed bytes
   * @param decidedAt the statement's time
   * @param expiresAt when the approval stops counting, if it does
   * @param standing whether it counts now under the policy (CAB decisions, when the change
   *     verifies)
   * @param signatureValid whether its signatures verify with keys the log registered, one the
   *     service's
   * @param includedInLog whether its inclusion proof verifies against the checkpoint
   * @param projectionMatches whether its {@code approval} row equals the signed payload
   * @param projectionMismatches the columns that differ
   * @param problems what failed, in words
   */
  record DecisionView(
      long entryIndex,
      String eventType,
      Optional<String> approvalId,
      Optional<String> approver,
      Optional<String> approverRole,
      Optional<String> status,
      Optional<String> decidedAt,
      Optional<String> expiresAt,
      Optional<String> standing,
      boolean signatureValid,
      boolean includedInLog,
      boolean projectionMatches,
      List<String> projectionMismatches,
      List<String> problems) {}
}
