package dev.cabledger.server.keylifecycle;

import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.StateConflictException;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The registry's rows of an enrolment's approval (KEY_REGISTERED), written only if the enrolment
 * was not rejected meanwhile: checked under the append lock and again as the entry is written, so
 * an approval and a rejection racing each other do not both land.
 *
 * @param enrolmentId the enrolment approved
 * @param rows the key's registration rows, with their own checks
 */
record ApprovalProjection(UUID enrolmentId, KeyRowsProjection rows) implements EntryProjection {

  @Override
  public void check(JdbcTemplate jdbc) {
    if (RejectionRows.find(jdbc, enrolmentId).isPresent()) {
      throw new StateConflictException(
          "enrolment " + enrolmentId + " was rejected; its owner may submit a new one");
    }
    rows.check(jdbc);
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {
    check(jdbc);
    rows.write(jdbc, index);
  }
}
