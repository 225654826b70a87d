package dev.cabledger.server.decisions;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EvidenceSealed;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.SeparationOfDutiesException;
import dev.cabledger.server.workflow.StateConflictException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Records a CAB member's decision on a change: who may decide (separation of duties), what the
 * signed {@code CAB_APPROVED} or {@code CAB_REJECTED} says, and its rows. Both decision endpoints
 * go through here.
 */
@Component
final class Decisions {
  private final ChangeRecords records;
  private final ChangeWriter writer;

  Decisions(ChangeRecords records, ChangeWriter writer) {
    this.records = records;
    this.writer = writer;
  }

  /**
   * Signs and appends a decision on a change the caller may see.
   *
   * @param history the change as read before the decision
   * @param decision what the caller decided, checked
   * @param caller who decides: a CAB approver or security reviewer
   * @param idempotencyKey the request's {@code Idempotency-Key} header, if any
   * @param request what identifies the request for a retry: the path's ids and the body
   * @throws SeparationOfDutiesException if the caller requested the change, or approved its pull
   *     request and the policy keeps those apart
   * @throws StateConflictException if the plan named is not the change's, the evidence package is
   *     not one of the change's, or the caller's decisions conflict (checked under the append lock)
   */
  Recorded decide(
      ChangeHistory history,
      Decision decision,
      Caller caller,
      Optional<String> idempotencyKey,
      Object request) {
    String changeId = history.changeId();
    ChangeSubmitted submitted = history.submitted();
    if (caller.subject().equals(history.requester().subject())) {
      throw new SeparationOfDutiesException(
          caller.subject() + " requested change " + changeId + " and may not decide it");
    }
    if (records.policyFor(history.client()).excludePrApprovers()
        && submitted.evidence().prApprovers().contains(caller.subject())) {
      throw new SeparationOfDutiesException(
          caller.subject()
              + " approved the pull request of change "
              + changeId
              + " and may not also decide the change (cab.workflow.exclude-pr-approvers)");
    }
    Digest plan = history.planHash();
    if (decision.planHash().isPresent() && !decision.planHash().get().equals(plan)) {
      throw new StateConflictException(
          "planHash "
              + decision.planHash().get().hex()
              + " is not the plan of change "
              + changeId
              + ", which is "
              + plan.hex());
    }
    Optional<Digest> evidenceHash =
        decision.evidencePackId().map(id -> sealedEvidence(history, id));
    String role =
        caller.roles().contains(Role.CAB_APPROVER)
            ? ChangeAssessment.CAB_APPROVER
            : ChangeAssessment.SECURITY_REVIEWER;
    UUID approvalId = UUID.randomUUID();
    EventData.OfChange event =
        decision.approves()
            ? new CabApproved(
                approvalId,
                history.client(),
                plan,
                submitted.module(),
                caller.subject(),
                role,
                decision.verdict() == Decision.Verdict.CONDITIONAL
                    ? ApprovalStatus.CONDITIONAL
                    : ApprovalStatus.APPROVED,
                decision.conditions(),
                Optional.of(decision.justification()),
                decision.expiresAt(),
                decision.evidencePackId(),
                evidenceHash,
                submitted.riskScore(),
                decision.constraints(),
                decision.supersedes())
            : new CabRejected(
                approvalId,
                history.client(),
                plan,
                submitted.module(),
                caller.subject(),
                role,
                decision.justification(),
                decision.supersedes());
    Statement statement = ChangeRecords.statement(changeId, event, caller);
    return writer.record(
        statement, new DecisionProjection(statement), idempotencyKey, caller, request);
  }

  /**
   * The hash of a sealed evidence package of the change, as its signed {@code EVIDENCE_SEALED}
   * entry states it (the package itself is stored with that entry).
   */
  private static Digest sealedEvidence(ChangeHistory history, UUID evidencePackId) {
    for (LoggedEvent e : history.events()) {
      if (e.data() instanceof EvidenceSealed s && s.evidencePackId().equals(evidencePackId)) {
        return s.evidenceHash();
      }
    }
    throw new StateConflictException(
        "evidencePackId "
            + evidencePackId
            + " is not a sealed evidence package of change "
            + history.changeId()
            + "; seal it first (POST /api/cab/seal-evidence)");
  }
}
