package dev.cabledger.server.keylifecycle;

import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.StateConflictException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows of a KEY_ENROLMENT_REQUESTED entry: its {@code key_enrolment} row, and its challenge
 * used up. Checked under the append lock, and again as the entry is written (an earlier entry of
 * the same batch may have taken the key or the challenge), so a key is asked for once and a
 * challenge answers once, across requests and instances.
 *
 * @param row the enrolment
 * @param challenge the challenge its proof of possession answered
 * @param challenges where challenges are kept
 */
record EnrolmentProjection(EnrolmentRows.Row row, String challenge, Challenges challenges)
    implements EntryProjection {

  @Override
  public void check(JdbcTemplate jdbc) {
    if (KeyRegistry.isRegistered(jdbc, row.keyId())) {
      throw new StateConflictException("key " + row.keyId() + " is registered already");
    }
    if (EnrolmentRows.requested(jdbc, row.keyId())) {
      throw new StateConflictException(
          "key " + row.keyId() + " was submitted for enrolment already; enrol a new key");
    }
    challenges.check(jdbc, challenge, row.owner());
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {
    check(jdbc);
    challenges.use(jdbc, challenge);
    EnrolmentRows.insert(jdbc, row, index);
  }
}
