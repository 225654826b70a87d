package dev.cabledger.server.decisions;

import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalExpired;
import dev.cabledger.core.event.ApprovalRevoked;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One approval (a CAB decision or an exception decision) as its signed entry states it, with the
 * entry that ended it, if one did. Nothing here comes from a projection column.
 *
 * @param approvalId the decision's id
 * @param kind {@code cab}, or {@code exception} for a security reviewer's exception decision
 * @param changeId the change it is about
 * @param client the change's client
 * @param planHash the plan it was decided on
 * @param decision {@code approve}, {@code conditional} or {@code deny}
 * @param status the audit schema's status: {@code approved}, {@code conditional} or {@code denied}
 * @param approver who decided (the authenticated actor)
 * @param approverRole the role they decided in
 * @param decidedAt when (the statement's {@code created_at})
 * @param expiresAt when an approval stops counting, if it does
 * @param conditions the conditions of a conditional approval
 * @param constraints what the gate enforces of them
 * @param justification why, if given
 * @param supersedes the earlier decision of the same person it replaces, if any
 * @param evidencePackId the sealed evidence it rests on, if any
 * @param evidenceHash that evidence's SHA-256, if any
 * @param riskScore the change's risk score it was decided at, if any
 * @param module the Terraform module, if named
 * @param exceptionId the exception an exception decision decides
 * @param exceptionType the kind of exception an exception approval approves
 * @param compensatingControls the controls an exception approval relies on
 * @param entryIndex the index of the decision's entry in the log
 * @param ended how it ended, if it did
 */
record ApprovalView(
    String approvalId,
    String kind,
    String changeId,
    String client,
    String planHash,
    String decision,
    String status,
    String approver,
    String approverRole,
    String decidedAt,
    Optional<String> expiresAt,
    List<String> conditions,
    Optional<ConstraintsView> constraints,
    Optional<String> justification,
    Optional<String> supersedes,
    Optional<String> evidencePackId,
    Optional<String> evidenceHash,
    Optional<Long> riskScore,
    Optional<String> module,
    Optional<String> exceptionId,
    Optional<String> exceptionType,
    List<String> compensatingControls,
    long entryIndex,
    Optional<EndView> ended) {

  /** The machine-checkable constraints of a CAB approval. */
  record ConstraintsView(
      List<String> environments, Optional<String> notBefore, Optional<String> notAfter) {
    static ConstraintsView of(ApprovalConstraints c) {
      return new ConstraintsView(
          c.environments(),
          c.notBefore().map(Object::toString),
          c.notAfter().map(Object::toString));
    }
  }

  /**
   * How an approval ended, as the entry that ended it states it.
   *
   * @param how {@code revoked}, {@code expired} or {@code superseded}
   * @param at when (that entry's {@code created_at})
   * @param by who: the revoking admin, the service for an expiry, the approver for a supersession
   * @param reason the revocation's reason
   * @param supersededBy the decision that superseded it
   * @param entryIndex the index of that entry
   */
  record EndView(
      String how,
      String at,
      String by,
      Optional<String> reason,
      Optional<String> supersededBy,
      long entryIndex) {}

  /**
   * The view of a decision's entry and of the entry that ended it.
   *
   * @throws LedgerIntegrityException if the entries are not a decision and its end
   */
  static ApprovalView of(LoggedEvent decision, Optional<LoggedEvent> end) {
    EventData data = decision.data();
    UUID id;
    String kind = "cab";
    String verdict;
    String status;
    String approver;
    String role;
    Optional<String> expires = Optional.empty();
    List<String> conditions = List.of();
    Optional<ConstraintsView> constraints = Optional.empty();
    Optional<String> justification;
    Optional<String> supersedes = Optional.empty();
    Optional<String> evidencePackId = Optional.empty();
    Optional<String> evidenceHash = Optional.empty();
    Optional<Long> riskScore = Optional.empty();
    Optional<String> module = Optional.empty();
    Optional<String> exceptionId = Optional.empty();
    Optional<String> exceptionType = Optional.empty();
    List<String> controls = List.of();
    switch (data) {
      case CabApproved a -> {
        id = a.approvalId();
        boolean conditional = a.status() == ApprovalStatus.CONDITIONAL;
        verdict = conditional ? "conditional" : "approve";
        status = a.status().json();
        approver = a.approver();
        role = a.approverRole();
        expires = a.expiryDate().map(Object::toString);
        conditions = a.conditions();
        constraints = Optional.of(ConstraintsView.of(a.constraints()));
        justification = a.justification();
        supersedes = a.supersedes().map(Object::toString);
        evidencePackId = a.evidencePackId().map(Object::toString);
        evidenceHash = a.evidenceHash().map(h -> h.hex());
        riskScore = a.riskScore();
        module = a.module();
      }
      case CabRejected r -> {
        id = r.approvalId();
        verdict = "deny";
        status = "denied";
        approver = r.approver();
        role = r.approverRole();
        justification = Optional.of(r.justification());
        supersedes = r.supersedes().map(Object::toString);
        module = r.module();
      }
      case ExceptionApproved a -> {
        id = a.approvalId();
        kind = "exception";
        verdict = "approve";
        status = "approved";
        approver = a.approver();
        role = a.approverRole();
        expires = a.expiryDate().map(Object::toString);
        justification = Optional.of(a.justification());
        exceptionId = Optional.of(a.exceptionId().toString());
        exceptionType = Optional.of(a.exceptionType().json());
        controls = a.compensatingControls();
      }
      case ExceptionDenied d -> {
        id = d.approvalId();
        kind = "exception";
        verdict = "deny";
        status = "denied";
        approver = d.approver();
        role = d.approverRole();
        justification = Optional.of(d.justification());
        exceptionId = Optional.of(d.exceptionId().toString());
      }
      default ->
          throw new LedgerIntegrityException(
              "entry " + decision.index() + " is not a decision but " + data.type());
    }
    return new ApprovalView(
        id.toString(),
        kind,
        decision.statement().subjectName(),
        data.tenant().map(c -> c.value()).orElseThrow(),
        decision.statement().subjectDigest().hex(),
        verdict,
        status,
        approver,
        role,
        decision.createdAt().toString(),
        expires,
        conditions,
        constraints,
        justification,
        supersedes,
        evidencePackId,
        evidenceHash,
        riskScore,
        module,
        exceptionId,
        exceptionType,
        controls,
        decision.index(),
        end.map(e -> endOf(id, e)));
  }

  private static EndView endOf(UUID approvalId, LoggedEvent e) {
    String at = e.createdAt().toString();
    String by = e.actor().subject();
    return switch (e.data()) {
      case ApprovalRevoked r when r.approvalId().equals(approvalId) ->
          new EndView(
              "revoked",
              at,
              r.revokedBy(),
              Optional.of(r.revocationReason()),
              Optional.empty(),
              e.index());
      case ApprovalExpired x when x.approvalId().equals(approvalId) ->
          new EndView("expired", at, by, Optional.empty(), Optional.empty(), e.index());
      case CabApproved a when a.supersedes().equals(Optional.of(approvalId)) ->
          superseded(a.approvalId(), at, by, e.index());
      case CabRejected r when r.supersedes().equals(Optional.of(approvalId)) ->
          superseded(r.approvalId(), at, by, e.index());
      default ->
          throw new LedgerIntegrityException(
              "entry " + e.index() + " is indexed as the end of " + approvalId + " but is not");
    };
  }

  private static EndView superseded(UUID by, String at, String actor, long index) {
    return new EndView(
        "superseded", at, actor, Optional.empty(), Optional.of(by.toString()), index);
  }
}
