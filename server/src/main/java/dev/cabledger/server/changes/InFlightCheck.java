package dev.cabledger.server.changes;

import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.StateConflictException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With {@code cab.workflow.one-in-flight-per-target}: a submission is refused while another change
 * for the same target (client, module, environment) is in flight, neither applied nor denied.
 * Checked under the append lock, so two concurrent submissions cannot both pass.
 */
final class InFlightCheck implements EntryProjection {
  private final String changeId;
  private final ChangeSubmitted submitted;

  InFlightCheck(String changeId, ChangeSubmitted submitted) {
    this.changeId = changeId;
    this.submitted = submitted;
  }

  @Override
  public void check(JdbcTemplate jdbc) {
    // change_request has the client, environment and status; the module is read from each
    // candidate's signed entries (a client has few changes in flight in one environment).
    List<String> candidates =
        submitted.environment().isPresent()
            ? jdbc.queryForList(
                "SELECT change_id FROM change_request WHERE client = ? AND environment = ?"
                    + " AND status NOT IN ('applied', 'denied') AND change_id <> ?"
                    + " ORDER BY entry_idx",
                String.class,
                submitted.client().value(),
                submitted.environment().get(),
                changeId)
            : jdbc.queryForList(
                "SELECT change_id FROM change_request WHERE client = ? AND environment IS NULL"
                    + " AND status NOT IN ('applied', 'denied') AND change_id <> ?"
                    + " ORDER BY entry_idx",
                String.class,
                submitted.client().value(),
                changeId);
    for (String other : candidates) {
      ChangeHistory history = ChangeRecords.history(jdbc, other).orElse(null);
      if (history != null && history.module().equals(submitted.module())) {
        throw new StateConflictException(
            "change "
                + other
                + " for "
                + submitted.client().value()
                + submitted.module().map(m -> " module " + m).orElse("")
                + submitted.environment().map(e -> " in " + e).orElse("")
                + " is in flight (neither applied nor denied), and this service allows one change"
                + " in flight per target");
      }
    }
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {
    // No rows of its own: the change_request row is the change index's.
  }
}
