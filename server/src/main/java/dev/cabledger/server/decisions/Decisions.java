package dev.cabledger.server.decisions;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.EnvelopeSignature;
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
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.PreparedProjection;
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
   * @throws ApproverSignatureRequiredException if it approves a change whose risk the policy has
   *     approved only with the approver's own signature (a denial needs none: it only holds the
   *     change back)
   */
  Recorded decide(
      ChangeHistory history,
      Decision decision,
      Caller caller,
      Optional<String> idempotencyKey,
      Object request) {
    Statement statement = statement(history, decision, caller);
    if (decision.approves()
        && records
            .policyFor(history.client())
            .requiresApproverSignature(history.submitted().risk())) {
      throw new ApproverSignatureRequiredException(
          history.submitted().risk().map(r -> r.json() + " risk").orElse("unassessed risk")
              + " change "
              + history.changeId()
              + " is approved only with your own approver key's signature"
              + " (cab.workflow.require-approver-signature): POST /api/changes/"
              + history.changeId()
              + "/decisions/prepare with this body, sign its payload, then POST"
              + " /api/changes/"
              + history.changeId()
              + "/decisions/{preparedId}/sign, or run `cab-ledger approve`");
    }
    return writer.record(
        statement, new DecisionProjection(statement), idempotencyKey, caller, request);
  }

  /**
   * Appends a prepared decision signed by its maker's approver key, checked by the caller: the
   * envelope carries that signature, then the service's. All of {@link #decide}'s checks under the
   * append lock run again, and {@code preparation}'s (the preparation is used once).
   *
   * @param statement the prepared statement, as prepared
   * @param approverSignature the caller's signature over its DSSE PAE
   * @param preparation the preparation's checks under the append lock, and its use
   */
  Recorded recordSigned(
      Statement statement,
      EnvelopeSignature approverSignature,
      EntryProjection preparation,
      Caller caller,
      Optional<String> idempotencyKey,
      Object request) {
    return writer.recordCosigned(
        statement,
        approverSignature,
        new PreparedProjection(preparation, new DecisionProjection(statement)),
        idempotencyKey,
        caller,
        request);
  }

  /**
   * The signed statement a decision on a change the caller may see would be, checked as {@link
   * #decide} checks it, made now.
   *
   * @throws SeparationOfDutiesException as for {@link #decide}
   * @throws StateConflictException as for {@link #decide}, before the append lock
   */
  Statement statement(ChangeHistory history, Decision decision, Caller caller) {
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
    return ChangeRecords.statement(changeId, event, caller);
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
