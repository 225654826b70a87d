package dev.cabledger.server.templates;

import dev.cabledger.core.event.ChangeTemplateDefined;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.core.policy.Templates;
import dev.cabledger.server.workflow.ReceiptView;
import java.util.Optional;

/**
 * One template as its signed entries state it, with its status: {@code approved} once a CAB
 * approver other than its definer approved exactly its definition, else {@code pending}.
 *
 * @param templateId the template's id
 * @param client its client
 * @param module the module a matching change is for
 * @param environment the environment
 * @param maxRisk the highest risk a matching change may have
 * @param title what such a change does
 * @param description more about it
 * @param definition the SHA-256 of its definition (hex), which an approval names
 * @param definedBy the platform admin who defined it
 * @param definedAt when
 * @param entryIndex its {@code CHANGE_TEMPLATE_DEFINED} entry
 * @param status {@code pending} or {@code approved}
 * @param approvedBy the CAB approver whose approval counts, if one does
 * @param approvedAt when
 * @param approvalEntryIndex that approval's entry
 * @param receipt the receipt of the write that answered this view, if one did
 */
record TemplateView(
    String templateId,
    String client,
    String module,
    String environment,
    String maxRisk,
    String title,
    Optional<String> description,
    String definition,
    String definedBy,
    String definedAt,
    long entryIndex,
    String status,
    Optional<String> approvedBy,
    Optional<String> approvedAt,
    Optional<Long> approvalEntryIndex,
    Optional<ReceiptView> receipt) {

  static TemplateView of(LoggedEvent definition, Templates known) {
    ChangeTemplateDefined t = (ChangeTemplateDefined) definition.data();
    Optional<Templates.Approved> approved = known.approvedBefore(t.templateId(), Long.MAX_VALUE);
    return new TemplateView(
        t.templateId().toString(),
        t.client().value(),
        t.module(),
        t.environment(),
        t.maxRisk().json(),
        t.title(),
        t.description(),
        t.subjectDigest().hex(),
        definition.actor().subject(),
        definition.createdAt().toString(),
        definition.index(),
        approved.isPresent() ? "approved" : "pending",
        approved.map(Templates.Approved::approvedBy),
        approved.map(a -> a.approval().createdAt().toString()),
        approved.map(a -> a.approval().index()),
        Optional.empty());
  }

  TemplateView withReceipt(ReceiptView r) {
    return new TemplateView(
        templateId,
        client,
        module,
        environment,
        maxRisk,
        title,
        description,
        definition,
        definedBy,
        definedAt,
        entryIndex,
        status,
        approvedBy,
        approvedAt,
        approvalEntryIndex,
        Optional.of(r));
  }
}
