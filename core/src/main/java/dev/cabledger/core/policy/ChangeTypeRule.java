package dev.cabledger.core.policy;

import dev.cabledger.core.event.ChangeTemplateMatched;
import dev.cabledger.core.event.ChangeType;
import dev.cabledger.core.event.EmergencyApproved;
import java.util.List;
import java.util.Optional;

/**
 * The rules of change types (docs/workflow.md, "Change types"), apart from the quorum's: a standard
 * change is approved by the entry that cites the template it matched, an emergency change by one
 * platform admin or CAB approver who is not its requester, and an emergency passes freezes.
 */
final class ChangeTypeRule {
  private ChangeTypeRule() {}

  /**
   * The entry that approves the change's current plan in place of the quorum, if there is one: for
   * a standard change, its {@code CHANGE_TEMPLATE_MATCHED} of the template its submission names,
   * made for its requester; for an emergency, an {@code EMERGENCY_APPROVED} by someone other than
   * the requester who holds the role it states.
   */
  static Optional<LoggedEvent> approval(ChangeHistory history) {
    LoggedEvent planEntry = history.planEntry();
    String requester = history.requester().subject();
    for (LoggedEvent e : history.events()) {
      if (!ofCurrentPlan(e, planEntry)) {
        continue;
      }
      boolean counts =
          switch (e.data()) {
            case ChangeTemplateMatched m ->
                history.submitted().changeType() == ChangeType.STANDARD
                    && history.submitted().templateId().equals(Optional.of(m.templateId()))
                    && e.actor().subject().equals(requester);
            case EmergencyApproved a ->
                history.submitted().changeType() == ChangeType.EMERGENCY
                    && e.actor().hasRole(a.approverRole())
                    && !a.approver().equals(requester);
            default -> false;
          };
      if (counts) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** Whether the change passes freezes: an emergency does (break-glass). */
  static boolean passesFreezes(ChangeHistory history) {
    return history.submitted().changeType() == ChangeType.EMERGENCY;
  }

  /**
   * What blocks a standard change's rule approval: the template it cites must have been approved
   * before the citing entry, for the definition it names, and cover the change (client, module,
   * environment, risk at most the template's maximum).
   */
  static List<Reason> templateReasons(ChangeHistory history, LoggedEvent match, Templates known) {
    if (!(match.data() instanceof ChangeTemplateMatched m)) {
      return List.of();
    }
    Optional<Templates.Approved> approved = known.approvedBefore(m.templateId(), match.index());
    if (approved.isEmpty()) {
      return List.of(
          new Reason(
              ReasonCode.TEMPLATE_NOT_APPROVED,
              "change "
                  + history.changeId()
                  + " cites template "
                  + m.templateId()
                  + ", which no CAB approver other than its definer approved before entry "
                  + match.index()));
    }
    if (!approved.get().template().subjectDigest().equals(m.definition())
        || !approved
            .get()
            .template()
            .covers(
                history.client(),
                history.module(),
                history.environment(),
                history.submitted().risk())) {
      return List.of(
          new Reason(
              ReasonCode.TEMPLATE_NOT_APPROVED,
              "change "
                  + history.changeId()
                  + " is not within template "
                  + m.templateId()
                  + " (client, module, environment, risk at most "
                  + approved.get().template().maxRisk().json()
                  + ")"));
    }
    return List.of();
  }

  /** The rule approval as the gate names it. */
  static RuleApproval named(ChangeHistory history, LoggedEvent entry, Templates known) {
    return switch (entry.data()) {
      case ChangeTemplateMatched m ->
          new RuleApproval(
              ChangeType.STANDARD,
              entry,
              "standard change approved by rule: template "
                  + m.templateId()
                  + known
                      .approvedBefore(m.templateId(), entry.index())
                      .map(
                          a ->
                              " (\""
                                  + a.template().title()
                                  + "\", approved by "
                                  + a.approvedBy()
                                  + " in entry "
                                  + a.approval().index()
                                  + ")")
                      .orElse("")
                  + ", cited in entry "
                  + entry.index());
      case EmergencyApproved a ->
          new RuleApproval(
              ChangeType.EMERGENCY,
              entry,
              "emergency change approved by "
                  + a.approver()
                  + " ("
                  + a.approverRole()
                  + ") in entry "
                  + entry.index()
                  + ": "
                  + history.submitted().emergencyReason().orElse(""));
      default ->
          throw new IllegalArgumentException("entry " + entry.index() + " is not a rule approval");
    };
  }

  private static boolean ofCurrentPlan(LoggedEvent e, LoggedEvent planEntry) {
    return e.index() > planEntry.index()
        && e.statement().subjectDigest().equals(planEntry.statement().subjectDigest());
  }
}
