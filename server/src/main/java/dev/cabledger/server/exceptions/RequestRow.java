package dev.cabledger.server.exceptions;

import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.ProjectedRow;
import dev.cabledger.server.workflow.WorkflowTables;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code change_exception} row of an {@code EXCEPTION_REQUESTED} entry, written only while the
 * plan it names is still the change's: an exception for a replaced plan would never count.
 *
 * @param changeId the change the exception is for
 * @param event the request
 */
record RequestRow(String changeId, ExceptionRequested event) implements EntryProjection {
  @Override
  public void check(JdbcTemplate jdbc) {
    PlanCheck.requireCurrent(jdbc, changeId, event.planHash());
  }

  /** The rows come from the feature's {@link dev.cabledger.server.workflow.ChangeEventRows}. */
  @Override
  public void write(JdbcTemplate jdbc, long index) {}

  /** The entry's {@code change_exception} row (appended, expected and restored alike). */
  ProjectedRow row(long index) {
    return ProjectedRow.of(WorkflowTables.CHANGE_EXCEPTION)
        .text("exception_id", event.exceptionId().toString())
        .text("change_id", changeId)
        .text("client", event.client().value())
        .text("exception_type", event.exceptionType().json())
        .integer("entry_idx", index)
        .build();
  }
}
