package dev.cabledger.server.changes;

import dev.cabledger.core.Digest;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.ChangeStatus;
import dev.cabledger.core.policy.Policy;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.CurrentPlanCheck;
import dev.cabledger.server.workflow.StateConflictException;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a re-plan or an apply needs of the change's state, checked under the append lock so that two
 * concurrent requests cannot both pass: the plan it names against the current one, and whether the
 * current plan was applied.
 */
final class PlanCheck implements EntryProjection {
  /** What is being recorded. */
  enum Kind {
    REPLAN,
    APPLY
  }

  private final String changeId;
  private final Digest plan;
  private final Kind kind;

  PlanCheck(String changeId, Digest plan, Kind kind) {
    this.changeId = changeId;
    this.plan = plan;
    this.kind = kind;
  }

  @Override
  public void check(JdbcTemplate jdbc) {
    ChangeHistory history = CurrentPlanCheck.history(jdbc, changeId);
    // Only the applied status is read here; the policy's other rules do not change it.
    boolean applied =
        ChangeAssessment.assess(history, Policy.DEFAULT, Instant.now()).status()
            == ChangeStatus.APPLIED;
    switch (kind) {
      case REPLAN -> {
        if (applied) {
          throw new StateConflictException(
              "change "
                  + changeId
                  + " was applied with plan "
                  + history.planHash().hex()
                  + "; submit a new change for a new plan");
        }
        if (history.planHash().equals(plan)) {
          throw new StateConflictException(
              "plan " + plan.hex() + " is already change " + changeId + "'s current plan");
        }
      }
      case APPLY -> {
        CurrentPlanCheck.requireCurrent(history, plan, "only the current plan can be applied");
        if (applied) {
          throw new StateConflictException(
              "change " + changeId + "'s plan " + plan.hex() + " is already recorded as applied");
        }
      }
    }
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {
    // The apply's change_apply row comes from AppliedRows, as for the ledger check and a rebuild.
  }
}
