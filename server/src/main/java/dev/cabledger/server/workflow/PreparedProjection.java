package dev.cabledger.server.workflow;

import dev.cabledger.server.ledger.EntryProjection;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A signed decision's checks and rows under the append lock: its preparation's (unused, unexpired,
 * the caller's; then used up) and the decision's own, so that a re-plan or another decision since
 * the preparation refuses it as it refuses a decision made at once.
 *
 * @param preparation the preparation's check and use ({@link PreparedStatements#use})
 * @param decision the decision's own check and rows
 */
public record PreparedProjection(EntryProjection preparation, EntryProjection decision)
    implements EntryProjection {

  @Override
  public void check(JdbcTemplate jdbc) {
    preparation.check(jdbc);
    decision.check(jdbc);
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {
    preparation.write(jdbc, index);
    decision.write(jdbc, index);
  }
}
