package dev.cabledger.server.workflow;

import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.TargetApplies;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The applies the gate weighs for target staleness (docs/workflow.md, "Targets"): the index of
 * applies ({@code change_apply}) finds them, and each is read from its entry's signed bytes.
 */
@Component
public final class AppliedTargets {
  private final JdbcTemplate jdbc;

  AppliedTargets(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The applies of other changes to {@code history}'s client in {@code environment} logged after
   * its current plan was made: the only ones that can make it stale.
   */
  public TargetApplies of(ChangeHistory history, String environment) {
    return of(jdbc, history.changeId(), history.client(), environment, history.planEntry().index());
  }

  /**
   * As {@link #of(ChangeHistory, String)}, read with this template (a check under the append lock
   * passes the append transaction's).
   */
  static TargetApplies of(
      JdbcTemplate jdbc, String changeId, ClientId client, String environment, long after) {
    List<TargetApplies.Applied> out = new ArrayList<>();
    jdbc.query(
        "SELECT e.idx, e.entry, a.change_id FROM change_apply a JOIN ledger_entry e"
            + " ON e.idx = a.entry_idx WHERE a.client = ? AND a.environment = ? AND a.entry_idx > ?"
            + " AND a.change_id <> ? ORDER BY a.entry_idx",
        rs -> {
          long index = rs.getLong(1);
          var statement = ChangeRecords.parse(index, rs.getBytes(2));
          if (!(statement.predicate().data() instanceof ChangeApplied applied)
              || !statement.subjectName().equals(rs.getString(3))) {
            throw new LedgerIntegrityException(
                "entry " + index + " is indexed as an apply of " + rs.getString(3) + " but is not");
          }
          out.add(
              new TargetApplies.Applied(
                  statement.subjectName(), index, statement.predicate().createdAt(), applied));
        },
        client.value(),
        environment,
        after,
        changeId);
    return new TargetApplies(out);
  }
}
