package dev.cabledger.server.workflow;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Indexes an entry about a change, writes its rows ({@link ChangeRows}) and recomputes the change's
 * projected state ({@link ChangeState}), in the append transaction.
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
    for (ProjectedRow row : ChangeRows.of(index, statement, rows)) {
      // A row that holds what the log does not (a sealed package's bytes) comes from the feature.
      if (row.table().fromLogAlone()) {
        row.insert(jdbc);
      }
    }
    feature.write(jdbc, index);
    if (!ChangeHistory.partOf(statement.predicate().data())) {
      return; // not part of the change's history (ChangeRecords.HISTORY): the status stands
    }
    String changeId = statement.subjectName();
    ChangeHistory history =
        ChangeRecords.history(jdbc, changeId)
            .orElseThrow(() -> new LedgerIntegrityException("change " + changeId + " vanished"));
    ChangeState.of(history, records).write(jdbc, changeId);
  }
}
