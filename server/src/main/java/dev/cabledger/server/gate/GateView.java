package dev.cabledger.server.gate;

import dev.cabledger.core.event.ChangeTemplateMatched;
import dev.cabledger.core.event.ChangeType;
import dev.cabledger.core.policy.AssessedDecision;
import dev.cabledger.core.policy.GateAnswer;
import dev.cabledger.core.policy.PolicyOverride;
import dev.cabledger.core.policy.Reason;
import dev.cabledger.core.policy.RuleApproval;
import dev.cabledger.server.ledger.StoredCheckpoint;
import dev.cabledger.server.workflow.CheckpointView;
import dev.cabledger.server.workflow.ReceiptView;
import java.util.List;
import java.util.Optional;

/**
 * The gate's answer: every value read from the change's verified entries, and the receipt of the
 * {@code GATE_EVALUATED} entry that records it.
 *
 * @param decision {@code APPROVED} or {@code BLOCKED}
 * @param change the change request id
 * @param planHash the plan hash asked about
 * @param environment the environment asked about (the change's own when the query named none)
 * @param evaluatedAt the moment the policy was applied at, the logged statement's time
 * @param reasons why it is blocked; empty exactly when approved
 * @param approvals the approvals that count
 * @param conditions the conditions of those approvals, for the pipeline to honour
 * @param override the platform admin's override that approved the plan despite the policy, if one
 *     did
 * @param approvedByRule what approved the change by its type's rule, if it did: the template a
 *     standard change matched, or an emergency's one approver (docs/workflow.md, "Change types")
 * @param checkpoint the checkpoint the entries' inclusion proofs were checked against; absent when
 *     the latest checkpoint is not signed by the log's key
 * @param receipt where the {@code GATE_EVALUATED} entry is
 */
record GateView(
    String decision,
    String change,
    String planHash,
    String environment,
    String evaluatedAt,
    List<ReasonView> reasons,
    List<ApprovalView> approvals,
    List<String> conditions,
    Optional<OverrideView> override,
    Optional<RuleView> approvedByRule,
    Optional<CheckpointView> checkpoint,
    ReceiptView receipt) {

  /**
   * What approved a change by its type's rule.
   *
   * @param changeType standard or emergency
   * @param templateId the template a standard change matched
   * @param approvedBy an emergency's approver
   * @param entryIndex the {@code CHANGE_TEMPLATE_MATCHED} or {@code EMERGENCY_APPROVED} entry
   * @param summary one line naming it
   */
  record RuleView(
      String changeType,
      Optional<String> templateId,
      Optional<String> approvedBy,
      long entryIndex,
      String summary) {
    static RuleView of(RuleApproval r) {
      return new RuleView(
          r.type().json(),
          r.entry().data() instanceof ChangeTemplateMatched m
              ? Optional.of(m.templateId().toString())
              : Optional.empty(),
          r.type() == ChangeType.EMERGENCY
              ? Optional.of(r.entry().actor().subject())
              : Optional.empty(),
          r.entry().index(),
          r.summary());
    }
  }

  /**
   * An override as the answer names it.
   *
   * @param overriddenBy the platform admin who overrode
   * @param reason why, as the signed entry states it
   * @param overriddenAt when (the entry's {@code created_at})
   * @param entryIndex the {@code POLICY_OVERRIDDEN} entry
   * @param lifted what would have blocked without it
   */
  record OverrideView(
      String overriddenBy,
      String reason,
      String overriddenAt,
      long entryIndex,
      List<ReasonView> lifted) {
    static OverrideView of(PolicyOverride o) {
      return new OverrideView(
          o.overriddenBy(),
          o.reason(),
          o.entry().createdAt().toString(),
          o.entry().index(),
          o.lifted().stream().map(ReasonView::of).toList());
    }
  }

  record ReasonView(String code, String text) {
    static ReasonView of(Reason r) {
      return new ReasonView(r.code().code(), r.text());
    }
  }

  record ApprovalView(
      String approvalId,
      String approver,
      String approverRole,
      String decidedAt,
      Optional<String> expiresAt,
      List<String> conditions,
      long entryIndex) {
    static ApprovalView of(AssessedDecision d) {
      return new ApprovalView(
          d.approvalId().toString(),
          d.approver(),
          d.approverRole(),
          d.entry().createdAt().toString(),
          d.expiresAt().map(Object::toString),
          d.conditions(),
          d.entry().index());
    }
  }

  static GateView of(
      GateQuery query,
      String environment,
      String evaluatedAt,
      GateAnswer answer,
      Optional<StoredCheckpoint> checkpoint,
      ReceiptView receipt) {
    return new GateView(
        answer.verdict().name(),
        query.change(),
        query.planHash().hex(),
        environment,
        evaluatedAt,
        answer.reasons().stream().map(ReasonView::of).toList(),
        answer.approvals().stream().map(ApprovalView::of).toList(),
        answer.conditions(),
        answer.override().map(OverrideView::of),
        answer.rule().map(RuleView::of),
        checkpoint.map(CheckpointView::of),
        receipt);
  }
}
