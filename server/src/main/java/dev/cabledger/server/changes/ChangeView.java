package dev.cabledger.server.changes;

import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ChangeEvidence;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.EvidenceSealed;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.core.event.PolicyOverridden;
import dev.cabledger.core.policy.AssessedDecision;
import dev.cabledger.core.policy.AssessedException;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.core.policy.Reason;
import dev.cabledger.server.workflow.ReceiptView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One change as its signed entries state it, with where it stands under the policy now. Every value
 * is read from the entries' statements, never from a projection column.
 */
record ChangeView(
    String id,
    Optional<String> title,
    Optional<String> module,
    String client,
    Optional<String> environment,
    String planHash,
    Optional<String> planSummary,
    RiskView risk,
    Optional<String> rollbackPlan,
    EvidenceView evidence,
    String requester,
    String submittedAt,
    long entryIndex,
    String status,
    List<ReasonView> missing,
    QuorumView quorum,
    List<DecisionView> decisions,
    List<ExceptionView> exceptions,
    List<SealView> evidencePackages,
    List<EntryView> entries,
    List<FreezeWarningView> freezeWarnings,
    Optional<OverrideView> override,
    ChangeTypeView changeType,
    Optional<ReceiptView> receipt) {

  record RiskView(Optional<String> level, Optional<Long> score, List<String> factors) {}

  record EvidenceView(
      Optional<String> prUrl,
      List<String> prApprovers,
      Optional<String> securityScan,
      Optional<String> testResults,
      Optional<String> pipelineUrl) {
    static EvidenceView of(ChangeEvidence e) {
      return new EvidenceView(
          e.prUrl(), e.prApprovers(), e.securityScan(), e.testResults(), e.pipelineUrl());
    }
  }

  record ReasonView(String code, String text) {
    static ReasonView of(Reason r) {
      return new ReasonView(r.code().code(), r.text());
    }
  }

  record QuorumView(int cabApprovers, int securityReviewers) {}

  record ConstraintsView(
      List<String> environments, Optional<String> notBefore, Optional<String> notAfter) {
    static ConstraintsView of(ApprovalConstraints c) {
      return new ConstraintsView(
          c.environments(),
          c.notBefore().map(Object::toString),
          c.notAfter().map(Object::toString));
    }
  }

  record DecisionView(
      String approvalId,
      String decision,
      String approver,
      String approverRole,
      String standing,
      String decidedAt,
      Optional<String> expiresAt,
      List<String> conditions,
      ConstraintsView constraints,
      Optional<String> justification,
      Optional<String> supersedes,
      long entryIndex,
      boolean approverSigned) {
    static DecisionView of(AssessedDecision d) {
      Optional<String> justification = Optional.empty();
      Optional<String> supersedes = Optional.empty();
      String decision = "deny";
      switch (d.entry().data()) {
        case CabApproved a -> {
          justification = a.justification();
          supersedes = a.supersedes().map(Object::toString);
          decision = a.conditions().isEmpty() ? "approve" : "conditional";
        }
        case CabRejected r -> {
          justification = Optional.of(r.justification());
          supersedes = r.supersedes().map(Object::toString);
        }
        default -> {}
      }
      return new DecisionView(
          d.approvalId().toString(),
          decision,
          d.approver(),
          d.approverRole(),
          d.standing().json(),
          d.entry().createdAt().toString(),
          d.expiresAt().map(Object::toString),
          d.conditions(),
          ConstraintsView.of(d.constraints()),
          justification,
          supersedes,
          d.entry().index(),
          d.entry().approverSigned());
    }
  }

  record ExceptionView(
      String exceptionId,
      String type,
      String state,
      String requestedBy,
      String justification,
      List<String> compensatingControls,
      Optional<String> decidedBy,
      Optional<String> decisionId,
      Optional<String> expiresAt,
      long entryIndex) {
    static ExceptionView of(AssessedException x) {
      ExceptionRequested r = (ExceptionRequested) x.request().data();
      Optional<String> decidedBy = x.decision().map(d -> d.actor().subject());
      Optional<String> decisionId =
          x.decision()
              .map(
                  d ->
                      switch (d.data()) {
                        case ExceptionApproved a -> a.approvalId().toString();
                        case ExceptionDenied n -> n.approvalId().toString();
                        default -> "";
                      });
      Optional<String> expires =
          x.decision()
              .flatMap(
                  d ->
                      d.data() instanceof ExceptionApproved a
                          ? a.expiryDate().map(Object::toString)
                          : Optional.empty());
      List<String> controls =
          x.decision()
              .filter(d -> d.data() instanceof ExceptionApproved)
              .map(d -> ((ExceptionApproved) d.data()).compensatingControls())
              .filter(c -> !c.isEmpty())
              .orElse(r.compensatingControls());
      return new ExceptionView(
          x.exceptionId().toString(),
          x.type().json(),
          x.state().json(),
          x.request().actor().subject(),
          r.justification(),
          controls,
          decidedBy,
          decisionId,
          expires,
          x.request().index());
    }
  }

  /**
   * A freeze whose window falls into the change's schedule: the gate will block it then.
   *
   * @param freezeId the freeze
   * @param reason why it was declared
   * @param environments the environments concerned: the change's, or, if it names none, the
   *     freeze's
   * @param start the first such window's start
   * @param end its end (the freeze no longer holds at this instant)
   */
  record FreezeWarningView(
      String freezeId, String reason, List<String> environments, String start, String end) {}

  /**
   * A platform admin's override of the change's current plan, as its signed POLICY_OVERRIDDEN entry
   * states it: the gate approves that plan whatever the status says is missing (unless an entry of
   * the change does not verify).
   *
   * @param overriddenBy the admin
   * @param reason why
   * @param overriddenAt the entry's {@code created_at}
   * @param entryIndex the entry
   */
  record OverrideView(String overriddenBy, String reason, String overriddenAt, long entryIndex) {
    /** The override the policy counts for the change's current plan, if any. */
    static Optional<OverrideView> of(ChangeAssessment a) {
      return a.override()
          .map(
              e ->
                  new OverrideView(
                      e.actor().subject(),
                      ((PolicyOverridden) e.data()).reason(),
                      e.createdAt().toString(),
                      e.index()));
    }
  }

  record SealView(String evidencePackId, String evidenceHash, String sealedAt, long entryIndex) {}

  record EntryView(long index, String eventType, String actor, String createdAt) {}

  /**
   * The change as assessed.
   *
   * @param reviewPeriod the days an emergency change's retrospective review may take
   */
  static ChangeView of(ChangeAssessment a, Duration reviewPeriod) {
    ChangeHistory h = a.history();
    ChangeSubmitted s = h.submitted();
    List<SealView> seals =
        h.events().stream()
            .filter(e -> e.data() instanceof EvidenceSealed)
            .map(
                e -> {
                  EvidenceSealed sealed = (EvidenceSealed) e.data();
                  return new SealView(
                      sealed.evidencePackId().toString(),
                      sealed.evidenceHash().hex(),
                      e.createdAt().toString(),
                      e.index());
                })
            .toList();
    return new ChangeView(
        h.changeId(),
        s.title(),
        s.module(),
        s.client().value(),
        s.environment(),
        h.planHash().hex(),
        s.planSummary(),
        new RiskView(s.risk().map(r -> r.json()), s.riskScore(), s.riskFactors()),
        s.rollbackPlan(),
        EvidenceView.of(s.evidence()),
        h.requester().subject(),
        h.submission().createdAt().toString(),
        h.submission().index(),
        a.status().json(),
        a.missing().stream().map(ReasonView::of).toList(),
        new QuorumView(a.quorum().cabApprovers(), a.quorum().securityReviewers()),
        a.decisions().stream().map(DecisionView::of).toList(),
        a.exceptions().stream().map(ExceptionView::of).toList(),
        seals,
        h.events().stream().map(ChangeView::entry).toList(),
        List.of(),
        OverrideView.of(a),
        ChangeTypeView.of(h, reviewPeriod, a.at()),
        Optional.empty());
  }

  /** This view with the receipt of the write that answered it. */
  ChangeView withReceipt(ReceiptView r) {
    return with(entries, freezeWarnings, Optional.of(r));
  }

  /** This view with the change's gate answers among its entries, in log order. */
  ChangeView withGateAnswers(List<LoggedEvent> answers) {
    List<EntryView> all = new ArrayList<>(entries);
    answers.stream().map(ChangeView::entry).forEach(all::add);
    all.sort(Comparator.comparingLong(EntryView::index));
    return with(all, freezeWarnings, receipt);
  }

  /** This view with the freezes that fall into the change's schedule. */
  ChangeView withFreezeWarnings(List<FreezeWarningView> warnings) {
    return with(entries, List.copyOf(warnings), receipt);
  }

  private ChangeView with(
      List<EntryView> entries,
      List<FreezeWarningView> freezeWarnings,
      Optional<ReceiptView> receipt) {
    return new ChangeView(
        id,
        title,
        module,
        client,
        environment,
        planHash,
        planSummary,
        risk,
        rollbackPlan,
        evidence,
        requester,
        submittedAt,
        entryIndex,
        status,
        missing,
        quorum,
        decisions,
        exceptions,
        evidencePackages,
        entries,
        freezeWarnings,
        override,
        changeType,
        receipt);
  }

  private static EntryView entry(LoggedEvent e) {
    return new EntryView(
        e.index(), e.data().type().name(), e.actor().subject(), e.createdAt().toString());
  }
}
