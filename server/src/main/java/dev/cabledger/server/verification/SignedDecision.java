package dev.cabledger.server.verification;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A decision as the bytes of its entry state it: a CAB approval or rejection, or a security
 * reviewer's decision on an exception.
 *
 * @param approvalId the decision's id
 * @param changeId the change it decides (the statement's subject)
 * @param client the tenant
 * @param approver who decided
 * @param approverRole the role they decided in
 * @param status {@code approved}, {@code conditional} or {@code denied} (Approval Audit Schema)
 * @param decidedAt when (the statement's time)
 * @param expiresAt when the approval stops counting, if it does
 */
record SignedDecision(
    UUID approvalId,
    String changeId,
    String client,
    String approver,
    String approverRole,
    String status,
    Instant decidedAt,
    Optional<Instant> expiresAt) {

  /** The decision a statement records, if it records one. */
  static Optional<SignedDecision> of(Statement s) {
    String changeId = s.subjectName();
    Instant at = s.predicate().createdAt();
    return Optional.ofNullable(
        switch (s.predicate().data()) {
          case CabApproved a ->
              new SignedDecision(
                  a.approvalId(),
                  changeId,
                  a.client().value(),
                  a.approver(),
                  a.approverRole(),
                  a.status().json(),
                  at,
                  a.expiryDate());
          case CabRejected r ->
              new SignedDecision(
                  r.approvalId(),
                  changeId,
                  r.client().value(),
                  r.approver(),
                  r.approverRole(),
                  "denied",
                  at,
                  Optional.empty());
          case ExceptionApproved a ->
              new SignedDecision(
                  a.approvalId(),
                  changeId,
                  a.client().value(),
                  a.approver(),
                  a.approverRole(),
                  "approved",
                  at,
                  a.expiryDate());
          case ExceptionDenied d ->
              new SignedDecision(
                  d.approvalId(),
                  changeId,
                  d.client().value(),
                  d.approver(),
                  d.approverRole(),
                  "denied",
                  at,
                  Optional.empty());
          default -> null;
        });
  }
}
