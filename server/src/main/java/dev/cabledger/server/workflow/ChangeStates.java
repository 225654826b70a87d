package dev.cabledger.server.workflow;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The second pass over the change index, change by change: each {@code change_request} row's
 * current plan, status and latest entry against what the change's entries give. A change's entries
 * are found through {@code change_entry}, which the first pass has just compared with the log: rows
 * that name an entry of another change are set aside, and the entries the first pass found without
 * their row (or filed under another change) are added, so the state is the log's even where the
 * index is not. One change's entries are held at a time.
 */
final class ChangeStates {
  private static final int PAGE = 500;

  /**
   * A {@code change_request} row as stored.
   *
   * @param changeId its change
   * @param entryIndex its submission's index
   * @param state its plan, status and latest entry
   */
  record Stored(String changeId, long entryIndex, ChangeState state) {}

  /** What the pass finds, change by change. */
  interface Sink {
    /** The state the change's entries give. */
    void state(Stored stored, ChangeState expected);

    /** The change's entries do not form a history (the first pass names the entries). */
    void unreadable(Stored stored, String why);
  }

  private final JdbcTemplate jdbc;
  private final ChangeRecords records;

  ChangeStates(JdbcTemplate jdbc, ChangeRecords records) {
    this.jdbc = jdbc;
    this.records = records;
  }

  /**
   * Passes every change submitted below {@code treeSize} whose latest entry is below it too (a
   * change an entry after it moved on is not this pass's to judge).
   *
   * @param unindexed per change, the entries of it that {@code change_entry} does not file under it
   */
  void forEach(long treeSize, Map<String, ? extends Collection<Long>> unindexed, Sink sink) {
    long after = Long.MIN_VALUE;
    while (true) {
      List<Stored> page =
          jdbc.query(
              "SELECT change_id, entry_idx, plan_hash, status, last_idx FROM change_request"
                  + " WHERE entry_idx > ? AND entry_idx < ? ORDER BY entry_idx LIMIT ?",
              (rs, n) ->
                  new Stored(
                      rs.getString(1),
                      rs.getLong(2),
                      new ChangeState(rs.getString(3), rs.getString(4), rs.getLong(5))),
              after,
              treeSize,
              PAGE);
      for (Stored stored : page) {
        if (stored.state().lastIndex() >= treeSize) {
          continue;
        }
        Collection<Long> notFiled = unindexed.get(stored.changeId());
        List<LoggedEvent> events =
            events(stored.changeId(), treeSize, notFiled == null ? Set.of() : notFiled);
        // No entry of the log is this change's: the first pass reports the row.
        if (events.isEmpty()) {
          continue;
        }
        ChangeHistory history;
        try {
          history = ChangeHistory.of(events);
        } catch (IllegalArgumentException e) {
          sink.unreadable(stored, e.getMessage());
          continue;
        }
        sink.state(stored, ChangeState.of(history, records));
      }
      if (page.size() < PAGE) {
        return;
      }
      after = page.getLast().entryIndex();
    }
  }

  /** The change's entries below {@code treeSize}, as the log has them, in log order. */
  private List<LoggedEvent> events(String changeId, long treeSize, Collection<Long> unindexed) {
    TreeMap<Long, LoggedEvent> events = new TreeMap<>();
    jdbc.query(
        "SELECT e.idx, e.entry FROM change_entry c JOIN ledger_entry e ON e.idx = c.entry_idx"
            + " WHERE c.change_id = ? AND c.entry_idx < ? ORDER BY c.entry_idx",
        rs -> {
          add(jdbc, events, changeId, rs.getLong(1), rs.getBytes(2));
        },
        changeId,
        treeSize);
    for (long index : unindexed) {
      jdbc.query(
          "SELECT idx, entry FROM ledger_entry WHERE idx = ?",
          rs -> {
            add(jdbc, events, changeId, rs.getLong(1), rs.getBytes(2));
          },
          index);
    }
    return new ArrayList<>(events.values());
  }

  private static void add(
      JdbcTemplate jdbc,
      TreeMap<Long, LoggedEvent> events,
      String changeId,
      long index,
      byte[] entry) {
    LoggedEvent logged;
    try {
      logged = ChangeRecords.logged(jdbc, index, entry);
    } catch (LedgerIntegrityException e) {
      // An entry that holds no statement is the verifier's finding; it is no entry of a change.
      return;
    }
    Statement statement = logged.statement();
    // Gate answers are indexed but not part of the history (ChangeRecords.HISTORY).
    if (ChangeRows.indexed(statement)
        && ChangeHistory.partOf(statement.predicate().data())
        && statement.subjectName().equals(changeId)) {
      events.put(index, logged);
    }
  }
}
