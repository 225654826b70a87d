package dev.cabledger.server.workflow;

import dev.cabledger.core.Digest;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.ledger.EntryProjection;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Under the append lock: an entry for one plan of a change (an emergency approval, an override)
 * names the change's current plan, or it would never count (a re-plan between the caller's reading
 * and the append voids it). It writes no row: the feature's own projection does.
 */
public final class CurrentPlanCheck implements EntryProjection {
  private final String changeId;
  private final Digest plan;
  private final String what;

  /**
   * @param what the entry, in words ("an override")
   */
  public CurrentPlanCheck(String changeId, Digest plan, String what) {
    this.changeId = changeId;
    this.plan = plan;
    this.what = what;
  }

  @Override
  public void check(JdbcTemplate jdbc) {
    requireCurrent(history(jdbc, changeId), plan, what + " is for the current plan");
  }

  /**
   * A change's history as a check under the append lock reads it (the append transaction's view).
   *
   * @throws StateConflictException if there is no such change
   */
  public static ChangeHistory history(JdbcTemplate jdbc, String changeId) {
    return ChangeRecords.history(jdbc, changeId)
        .orElseThrow(() -> new StateConflictException("no change request " + changeId));
  }

  /**
   * Refuses an entry for a plan that is not the change's current one.
   *
   * @param remedy what the caller may do instead, ending the message
   * @throws StateConflictException if {@code plan} is not the current plan
   */
  public static void requireCurrent(ChangeHistory history, Digest plan, String remedy) {
    if (!history.planHash().equals(plan)) {
      throw new StateConflictException(
          "change "
              + history.changeId()
              + " is for plan "
              + history.planHash().hex()
              + ", not "
              + plan.hex()
              + "; "
              + remedy);
    }
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {}
}
