package dev.cabledger.server.templates;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeTemplateApproved;
import dev.cabledger.core.event.ChangeTemplateDefined;
import dev.cabledger.server.ledger.EntryProjection;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code change_template} row of a template's entry, derived from its signed statement alone:
 * the same whether the entry is being appended or the ledger check rebuilds it ({@link
 * TemplateAudit}).
 *
 * @param templateId the template's id
 * @param client its client
 * @param eventType {@code CHANGE_TEMPLATE_DEFINED} or {@code CHANGE_TEMPLATE_APPROVED}
 */
record TemplateRows(String templateId, String client, String eventType) {
  /** The row of a template's entry, if the statement is one. */
  static Optional<TemplateRows> of(Statement statement) {
    return switch (statement.predicate().data()) {
      case ChangeTemplateDefined d ->
          Optional.of(
              new TemplateRows(d.templateId().toString(), d.client().value(), d.type().name()));
      case ChangeTemplateApproved a ->
          Optional.of(
              new TemplateRows(a.templateId().toString(), a.client().value(), a.type().name()));
      default -> Optional.empty();
    };
  }

  /** Inserts the row for the rebuild unless a row holds its key; whether it inserted one. */
  boolean restore(JdbcTemplate jdbc, long index) {
    return jdbc.update(
            "INSERT INTO change_template (entry_idx, template_id, client, event_type)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            index,
            templateId,
            client,
            eventType)
        == 1;
  }

  /** Writes the row in the entry's append transaction. */
  EntryProjection projection() {
    return (JdbcTemplate jdbc, long index) ->
        jdbc.update(
            "INSERT INTO change_template (entry_idx, template_id, client, event_type)"
                + " VALUES (?, ?, ?, ?)",
            index,
            templateId,
            client,
            eventType);
  }
}
