package dev.cabledger.server.keylifecycle;

import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.StateConflictException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The row of a KEY_ENROLMENT_REJECTED entry, written only while the enrolment is neither registered
 * nor rejected: checked under the append lock and again as the entry is written, so an enrolment is
 * approved or rejected once, whichever request or instance gets there first.
 *
 * @param row the rejection
 */
record RejectionProjection(RejectionRows.Row row) implements EntryProjection {

  @Override
  public void check(JdbcTemplate jdbc) {
    if (KeyRegistry.isRegistered(jdbc, row.keyId())) {
      throw new StateConflictException(
          "enrolment "
              + row.enrolmentId()
              + " was approved already: key "
              + row.keyId()
              + " is registered (retire it instead)");
    }
    if (RejectionRows.find(jdbc, row.enrolmentId()).isPresent()) {
      throw new StateConflictException("enrolment " + row.enrolmentId() + " is rejected already");
    }
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {
    check(jdbc);
    RejectionRows.insert(jdbc, row, index);
  }
}
