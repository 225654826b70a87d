package dev.cabledger.server.changes;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.ChangeTemplateMatched;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.CurrentPlanCheck;
import dev.cabledger.server.workflow.StateConflictException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Under the append lock: a standard change cites its template once, for the plan it was submitted
 * with (a re-plan in between voids the citation, so it is not appended).
 */
final class CitationCheck implements EntryProjection {
  private final String changeId;
  private final Digest plan;

  CitationCheck(String changeId, Digest plan) {
    this.changeId = changeId;
    this.plan = plan;
  }

  @Override
  public void check(JdbcTemplate jdbc) {
    ChangeHistory now = CurrentPlanCheck.history(jdbc, changeId);
    if (now.events().stream().anyMatch(e -> e.data() instanceof ChangeTemplateMatched)
        || !now.planHash().equals(plan)) {
      throw new StateConflictException(
          "change " + changeId + " cites its template already, or was re-planned");
    }
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {
    // No rows of its own: the change index and status come from ChangeProjection.
  }
}
