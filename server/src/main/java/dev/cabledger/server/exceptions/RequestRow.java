package dev.cabledger.server.exceptions;

import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.server.ledger.EntryProjection;
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

  /** Writes the entry's rows (replayed alike by a rebuild). */
  void rows(JdbcTemplate jdbc, long index) {
    jdbc.update(
        "INSERT INTO change_exception (exception_id, change_id, client, exception_type, entry_idx)"
            + " VALUES (?, ?, ?, ?, ?)",
        event.exceptionId().toString(),
        changeId,
        event.client().value(),
        event.exceptionType().json(),
        index);
  }
}
