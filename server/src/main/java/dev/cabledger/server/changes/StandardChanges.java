package dev.cabledger.server.changes;

import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ChangeTemplateDefined;
import dev.cabledger.core.event.ChangeTemplateMatched;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.Templates;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.workflow.ApprovedTemplates;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.StateConflictException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The intake of a standard change (docs/workflow.md, "Change types"): the approved template that
 * covers it, checked before anything is written, and the entry citing it, appended right after the
 * submission.
 */
@Component
final class StandardChanges {
  private final ApprovedTemplates templates;
  private final ChangeRecords records;
  private final ChangeWriter writer;

  StandardChanges(ApprovedTemplates templates, ChangeRecords records, ChangeWriter writer) {
    this.templates = templates;
    this.records = records;
    this.writer = writer;
  }

  /**
   * The approved template a standard change matches, checked before anything is written.
   *
   * @throws TemplateMismatchException if the template is unknown, not approved, or does not cover
   *     the change
   */
  Templates.Approved matching(ChangeSubmitted event, UUID templateId) {
    Templates.Approved approved =
        templates
            .of(event.client())
            .approvedBefore(templateId, Long.MAX_VALUE)
            .orElseThrow(
                () ->
                    new TemplateMismatchException(
                        "no change template "
                            + templateId
                            + " of client "
                            + event.client().value()
                            + " is approved by the CAB; submit the change as normal, or wait for"
                            + " the template's approval"));
    ChangeTemplateDefined t = approved.template();
    if (!t.covers(event.client(), event.module(), event.environment(), event.risk())) {
      throw new TemplateMismatchException(
          "change template "
              + templateId
              + " covers module "
              + t.module()
              + " in "
              + t.environment()
              + " at risk "
              + t.maxRisk().json()
              + " or lower; this change is for module "
              + event.module().orElse("(none)")
              + " in "
              + event.environment().orElse("(none)")
              + " at risk "
              + event.risk().map(r -> r.json()).orElse("(none)"));
    }
    return approved;
  }

  /** Appends the entry citing the template, unless the change holds one already. */
  void cite(String changeId, Templates.Approved template, Caller caller) {
    ChangeHistory history = records.visible(changeId, caller);
    if (history.events().stream().anyMatch(e -> e.data() instanceof ChangeTemplateMatched)) {
      return;
    }
    ChangeTemplateMatched matched =
        new ChangeTemplateMatched(
            history.client(),
            history.planHash(),
            template.template().templateId(),
            template.template().subjectDigest());
    try {
      record(changeId, matched, caller);
    } catch (StateConflictException e) {
      // A concurrent retry cited it first: the change holds its citing entry.
    }
  }

  private void record(String changeId, ChangeTemplateMatched matched, Caller caller) {
    writer.record(
        ChangeRecords.statement(changeId, matched, caller),
        new CitationCheck(changeId, matched.planHash()),
        Optional.empty(),
        caller,
        matched.toJson());
  }
}
