package dev.cabledger.server.emergencies;

import dev.cabledger.core.Digest;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.StateConflictException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Under the append lock: the approval names the change's current plan, or it would never count (a
 * re-plan between reading and the append voids it).
 */
final class CurrentPlanCheck implements EntryProjection {
  private final String changeId;
  private final Digest plan;

  CurrentPlanCheck(String changeId, Digest plan) {
    this.changeId = changeId;
    this.plan = plan;
  }

  @Override
  public void check(JdbcTemplate jdbc) {
    ChangeHistory history =
        ChangeRecords.history(jdbc, changeId)
            .orElseThrow(() -> new StateConflictException("no change request " + changeId));
    if (!history.planHash().equals(plan)) {
      throw new StateConflictException(
          "change "
              + changeId
              + " is for plan "
              + history.planHash().hex()
              + ", not "
              + plan.hex()
              + "; an emergency approval is for the current plan");
    }
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {}
}
