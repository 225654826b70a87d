package dev.cabledger.server.templates;

import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.StateConflictException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Under the append lock: the CAB approves a template once; then the approval's row. Checked again
 * as the entry is written, so that it also sees an approval earlier in the same batch.
 */
final class ApprovedOnce implements EntryProjection {
  private final String templateId;
  private final TemplateRows rows;

  ApprovedOnce(String templateId, TemplateRows rows) {
    this.templateId = templateId;
    this.rows = rows;
  }

  @Override
  public void check(JdbcTemplate jdbc) {
    Long approvals =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM change_template WHERE template_id = ?"
                + " AND event_type = 'CHANGE_TEMPLATE_APPROVED'",
            Long.class,
            templateId);
    if (approvals != null && approvals > 0) {
      throw new StateConflictException("change template " + templateId + " is approved already");
    }
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {
    check(jdbc);
    rows.projection().write(jdbc, index);
  }
}
