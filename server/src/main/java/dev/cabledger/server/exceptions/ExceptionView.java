package dev.cabledger.server.exceptions;

import dev.cabledger.core.event.ApprovalExpired;
import dev.cabledger.core.event.ApprovalRevoked;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.workflow.ReceiptView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One exception as its signed entries state it, with its decisions and the state the policy gives
 * it now. Every value is read from the entries' statements, never from a projection column.
 *
 * @param exceptionId the exception's id
 * @param changeRequestId the change it is for
 * @param client the change's client
 * @param planHash the plan it is for
 * @param exceptionType vulnerability_scan, cross_boundary or unsigned_package
 * @param state pending, approved, denied, expired, revoked; or other-plan once the change has a new
 *     plan (an exception counts only for the plan it names)
 * @param reason why it was requested (signed as {@code justification})
 * @param compensatingControls the controls the requester offered
 * @param requestedBy who requested it
 * @param requestedAt when
 * @param entryIndex the index of its {@code EXCEPTION_REQUESTED} entry
 * @param decisions the security reviewers' decisions, in log order
 * @param receipt the receipt of the write that answered this view, if one did
 */
record ExceptionView(
    String exceptionId,
    String changeRequestId,
    String client,
    String planHash,
    String exceptionType,
    String state,
    String reason,
    List<String> compensatingControls,
    String requestedBy,
    String requestedAt,
    long entryIndex,
    List<DecisionView> decisions,
    Optional<ReceiptView> receipt) {

  /** The state of an exception requested for a plan the change no longer has. */
  static final String OTHER_PLAN = "other-plan";

  /**
   * A security reviewer's decision.
   *
   * @param approvalId the decision's id
   * @param decision approve or deny
   * @param approver the reviewer
   * @param approverRole the role the reviewer acted in
   * @param decidedAt when
   * @param expiresAt when an approval stops counting
   * @param compensatingControls the controls an approval relies on
   * @param justification why
   * @param entryIndex the index of its entry
   * @param ended how the log ended it (revoked or expired), if it did
   */
  record DecisionView(
      String approvalId,
      String decision,
      String approver,
      String approverRole,
      String decidedAt,
      Optional<String> expiresAt,
      List<String> compensatingControls,
      String justification,
      long entryIndex,
      Optional<EndView> ended) {}

  /**
   * The entry that ended a decision.
   *
   * @param how revoked or expired
   * @param at when
   * @param by who revoked it, or the service for an expiry
   * @param reason the revocation's reason
   * @param entryIndex the index of its entry
   */
  record EndView(String how, String at, String by, Optional<String> reason, long entryIndex) {}

  /**
   * The view of an exception of the assessed change.
   *
   * @param request the {@code EXCEPTION_REQUESTED} entry
   */
  static ExceptionView of(ChangeAssessment assessment, LoggedEvent request) {
    ExceptionRequested r = (ExceptionRequested) request.data();
    UUID id = r.exceptionId();
    String state =
        assessment.exceptions().stream()
            .filter(x -> x.exceptionId().equals(id))
            .map(x -> x.state().json())
            .findFirst()
            .orElse(OTHER_PLAN);
    List<DecisionView> decisions = new ArrayList<>();
    for (LoggedEvent e : assessment.history().events()) {
      switch (e.data()) {
        case ExceptionApproved a when a.exceptionId().equals(id) ->
            decisions.add(
                new DecisionView(
                    a.approvalId().toString(),
                    "approve",
                    a.approver(),
                    a.approverRole(),
                    e.createdAt().toString(),
                    a.expiryDate().map(Instant::toString),
                    a.compensatingControls(),
                    a.justification(),
                    e.index(),
                    end(assessment, a.approvalId())));
        case ExceptionDenied n when n.exceptionId().equals(id) ->
            decisions.add(
                new DecisionView(
                    n.approvalId().toString(),
                    "deny",
                    n.approver(),
                    n.approverRole(),
                    e.createdAt().toString(),
                    Optional.empty(),
                    List.of(),
                    n.justification(),
                    e.index(),
                    end(assessment, n.approvalId())));
        default -> {}
      }
    }
    return new ExceptionView(
        id.toString(),
        assessment.history().changeId(),
        r.client().value(),
        r.planHash().hex(),
        r.exceptionType().json(),
        state,
        r.justification(),
        r.compensatingControls(),
        request.actor().subject(),
        request.createdAt().toString(),
        request.index(),
        decisions,
        Optional.empty());
  }

  /** This view with the receipt of the write that answered it. */
  ExceptionView withReceipt(ReceiptView r) {
    return new ExceptionView(
        exceptionId,
        changeRequestId,
        client,
        planHash,
        exceptionType,
        state,
        reason,
        compensatingControls,
        requestedBy,
        requestedAt,
        entryIndex,
        decisions,
        Optional.of(r));
  }

  /** The first entry that ended the decision, as the policy reads them (first revocation wins). */
  private static Optional<EndView> end(ChangeAssessment assessment, UUID approvalId) {
    for (LoggedEvent e : assessment.history().events()) {
      switch (e.data()) {
        case ApprovalRevoked v
            when v.approvalId().equals(approvalId)
                && e.actor().hasRole(ChangeAssessment.PLATFORM_ADMIN) -> {
          return Optional.of(
              new EndView(
                  "revoked",
                  e.createdAt().toString(),
                  v.revokedBy(),
                  Optional.of(v.revocationReason()),
                  e.index()));
        }
        case ApprovalExpired x when x.approvalId().equals(approvalId) -> {
          return Optional.of(
              new EndView(
                  "expired",
                  e.createdAt().toString(),
                  e.actor().subject(),
                  Optional.empty(),
                  e.index()));
        }
        default -> {}
      }
    }
    return Optional.empty();
  }
}
