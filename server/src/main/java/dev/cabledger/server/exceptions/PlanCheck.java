package dev.cabledger.server.exceptions;

import dev.cabledger.core.Digest;
import dev.cabledger.server.workflow.StateConflictException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Under the append lock: whether a plan is still the change's current one. */
final class PlanCheck {
  private PlanCheck() {}

  /**
   * @throws StateConflictException if the change's plan is another one now
   */
  static void requireCurrent(JdbcTemplate jdbc, String changeId, Digest planHash) {
    List<String> plans =
        jdbc.queryForList(
            "SELECT plan_hash FROM change_request WHERE change_id = ?", String.class, changeId);
    if (!plans.isEmpty() && !plans.getFirst().equals(planHash.hex())) {
      throw new StateConflictException(
          "change request "
              + changeId
              + " has a new plan ("
              + plans.getFirst()
              + ") since this exception's plan "
              + planHash.hex()
              + "; an exception counts only for the plan it names, so request one for the"
              + " current plan");
    }
  }
}
