package dev.cabledger.server.reports;

import java.util.List;
import java.util.Optional;

/**
 * A CAB decision or a security reviewer's decision on an exception, as its signed entry states it,
 * with how it ended and whether its entry verified.
 *
 * @param approvalId the decision's id
 * @param entryIndex its entry
 * @param eventType {@code CAB_APPROVED}, {@code CAB_REJECTED}, {@code EXCEPTION_APPROVED} or {@code
 *     EXCEPTION_DENIED}
 * @param approver who decided (the authenticated actor)
 * @param role the role they decided in
 * @param status {@code approved}, {@code conditional} or {@code denied}
 * @param decidedAt when
 * @param planHash the plan it decided on
 * @param conditions an approval's conditions
 * @param environments the environments a conditional approval allows
 * @param notBefore the start of its window
 * @param notAfter the end of its window
 * @param expiresAt when the approval expires
 * @param justification why
 * @param supersedes the approver's earlier decision this one replaces
 * @param ended how it ended, if an entry up to the checkpoint ended it
 * @param approverSigned whether the approver's own key signed the entry beside the service
 * @param keyIds the keys that signed the entry
 * @param serviceKeyId the service key among them
 * @param signatureValid whether every signature verifies with a registered key valid at the time
 * @param included whether the entry is proven included under the report's checkpoint
 * @param problems what failed, when something did
 */
record ReportedDecision(
    String approvalId,
    long entryIndex,
    String eventType,
    String approver,
    String role,
    String status,
    String decidedAt,
    String planHash,
    List<String> conditions,
    List<String> environments,
    Optional<String> notBefore,
    Optional<String> notAfter,
    Optional<String> expiresAt,
    Optional<String> justification,
    Optional<String> supersedes,
    Optional<Ending> ended,
    boolean approverSigned,
    List<String> keyIds,
    Optional<String> serviceKeyId,
    boolean signatureValid,
    boolean included,
    List<String> problems) {
  ReportedDecision {
    conditions = List.copyOf(conditions);
    environments = List.copyOf(environments);
    keyIds = List.copyOf(keyIds);
    problems = List.copyOf(problems);
  }

  /** Whether it approves (with or without conditions). */
  boolean approves() {
    return !status.equals("denied");
  }
}
