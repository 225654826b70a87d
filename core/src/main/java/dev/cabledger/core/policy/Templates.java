package dev.cabledger.core.policy;

import dev.cabledger.core.event.ChangeTemplateApproved;
import dev.cabledger.core.event.ChangeTemplateDefined;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The standard-change templates the gate weighs (docs/workflow.md, "Change types"): the {@code
 * CHANGE_TEMPLATE_DEFINED} and {@code CHANGE_TEMPLATE_APPROVED} entries logged before its answer,
 * whose signatures and inclusion verified (a template approves changes, so unlike a freeze it
 * counts only when its entries can be relied on).
 *
 * @param entries the entries, in log order
 */
public record Templates(List<LoggedEvent> entries) {
  /** No template known. */
  public static final Templates NONE = new Templates(List.of());

  public Templates {
    entries = List.copyOf(entries);
    for (LoggedEvent e : entries) {
      if (!(e.data() instanceof ChangeTemplateDefined
          || e.data() instanceof ChangeTemplateApproved)) {
        throw new IllegalArgumentException("entry " + e.index() + " is not a template's entry");
      }
    }
  }

  /**
   * A template as approved.
   *
   * @param definition its {@code CHANGE_TEMPLATE_DEFINED} entry
   * @param approval the {@code CHANGE_TEMPLATE_APPROVED} entry that approved it
   */
  public record Approved(LoggedEvent definition, LoggedEvent approval) {
    public Approved {
      if (!(definition.data() instanceof ChangeTemplateDefined)
          || !(approval.data() instanceof ChangeTemplateApproved)) {
        throw new IllegalArgumentException("a template's definition and approval entries");
      }
    }

    /** The template's terms. */
    public ChangeTemplateDefined template() {
      return (ChangeTemplateDefined) definition.data();
    }

    /** Who approved it for the CAB. */
    public String approvedBy() {
      return approval.actor().subject();
    }
  }

  /**
   * The template's definition: its first {@code CHANGE_TEMPLATE_DEFINED} by a platform admin (a
   * later one with the same id, or one by anyone else, defines nothing).
   */
  public Optional<LoggedEvent> definition(UUID templateId) {
    for (LoggedEvent e : entries) {
      if (e.data() instanceof ChangeTemplateDefined d
          && d.templateId().equals(templateId)
          && e.actor().hasRole(ChangeAssessment.PLATFORM_ADMIN)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * The template as approved before the entry at {@code before}: its definition and the first
   * approval of exactly that definition (its digest) for the same client, by a CAB approver who is
   * not the definer (separation of duties: nobody approves their own template).
   */
  public Optional<Approved> approvedBefore(UUID templateId, long before) {
    Optional<LoggedEvent> definition = definition(templateId);
    if (definition.isEmpty() || definition.get().index() >= before) {
      return Optional.empty();
    }
    ChangeTemplateDefined defined = (ChangeTemplateDefined) definition.get().data();
    for (LoggedEvent e : entries) {
      if (e.index() < before
          && e.index() > definition.get().index()
          && e.data() instanceof ChangeTemplateApproved a
          && a.templateId().equals(templateId)
          && a.client().equals(defined.client())
          && a.definition().equals(defined.subjectDigest())
          && e.actor().hasRole(ChangeAssessment.CAB_APPROVER)
          && !e.actor().subject().equals(definition.get().actor().subject())) {
        return Optional.of(new Approved(definition.get(), e));
      }
    }
    return Optional.empty();
  }
}
