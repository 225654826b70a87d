package dev.cabledger.server.workflow;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Indexes an entry about a change and recomputes the change's projected status, in the append
 * transaction: the status is the policy's as of the change's latest entry, so a rebuild from the
 * log gives the same value.
 */
final class ChangeProjection implements EntryProjection {
  private final ChangeRecords records;
  private final Statement statement;
  private final EntryProjection feature;
  private final List<ChangeEventRows> rows;

  ChangeProjection(
      ChangeRecords records,
      Statement statement,
      EntryProjection feature,
      List<ChangeEventRows> rows) {
    this.records = records;
    this.statement = statement;
    this.feature = feature;
    this.rows = List.copyOf(rows);
  }

  @Override
  public void check(JdbcTemplate jdbc) {
    String changeId = statement.subjectName();
    boolean submission = statement.predicate().data() instanceof ChangeSubmitted;
    Integer known =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM change_request WHERE change_id = ?", Integer.class, changeId);
    boolean exists = known != null && known > 0;
    if (submission && exists) {
      throw new StateConflictException(
          "change request "
              + changeId
              + " already exists; submit under another id, or leave id out to get one");
    }
    if (!submission && !exists) {
      throw new StateConflictException("no change request " + changeId);
    }
    feature.check(jdbc);
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {
    // check ran for the whole batch before any of it was written, so it did not see the entries
    // ahead of this one in the same batch (a second decision on the same record, the same change
    // id twice). Asked again now, it sees them; a refusal here rolls the batch back and the
    // sequencer appends the others without this entry.
    check(jdbc);
    String changeId = statement.subjectName();
    jdbc.update(
        "INSERT INTO change_entry (entry_idx, change_id, event_type) VALUES (?, ?, ?)",
        index,
        changeId,
        statement.predicate().eventType().name());
    if (statement.predicate().data() instanceof ChangeSubmitted s) {
      jdbc.update(
          "INSERT INTO change_request (change_id, client, entry_idx, plan_hash, risk_level,"
              + " environment, requester, submitted_at, status, last_idx)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)"
              // A rebuild may find the change's row in place (only its index rows were lost).
              + " ON CONFLICT (change_id) DO NOTHING",
          changeId,
          s.client().value(),
          index,
          s.planHash().hex(),
          s.risk().map(r -> r.json()).orElse(null),
          s.environment().orElse(null),
          statement.predicate().actor().subject(),
          statement.predicate().createdAt().toString(),
          index);
    }
    for (ChangeEventRows r : rows) {
      if (r.types().contains(statement.predicate().eventType())) {
        r.write(jdbc, index, statement);
      }
    }
    feature.write(jdbc, index);
    if (statement.predicate().data() instanceof GateEvaluated) {
      return; // not part of the change's history (ChangeRecords.HISTORY): the status stands
    }
    ChangeHistory history =
        ChangeRecords.history(jdbc, changeId)
            .orElseThrow(() -> new LedgerIntegrityException("change " + changeId + " vanished"));
    ChangeAssessment assessment = records.assess(history, history.events().getLast().createdAt());
    jdbc.update(
        "UPDATE change_request SET status = ?, plan_hash = ?, last_idx = ? WHERE change_id = ?",
        assessment.status().json(),
        history.planHash().hex(),
        index,
        changeId);
  }
}
