package dev.cabledger.server.workflow;

import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The columns of a {@code change_request} row that the change's entries state as a whole: its
 * current plan, its status (the policy's as of its latest entry, so that a rebuild from the log
 * gives the same value) and its latest entry.
 *
 * @param planHash the current plan hash
 * @param status the policy's status as of the latest entry
 * @param lastIndex the index of the latest entry
 */
record ChangeState(String planHash, String status, long lastIndex) {
  /** The state the history gives under the change's policy. */
  static ChangeState of(ChangeHistory history, ChangeRecords records) {
    LoggedEvent last = history.events().getLast();
    return new ChangeState(
        history.planHash().hex(),
        records.assess(history, last.createdAt()).status().json(),
        last.index());
  }

  /** Sets the row's columns to this state, in the caller's transaction. */
  void write(JdbcTemplate jdbc, String changeId) {
    jdbc.update(
        "UPDATE change_request SET status = ?, plan_hash = ?, last_idx = ? WHERE change_id = ?",
        status,
        planHash,
        lastIndex,
        changeId);
  }

  /**
   * Sets the row's columns to this state if they still hold {@code was}: a change an append moved
   * on meanwhile keeps the append's state, which is newer.
   *
   * @return whether the row was set
   */
  boolean replace(JdbcTemplate jdbc, String changeId, ChangeState was) {
    return jdbc.update(
            "UPDATE change_request SET status = ?, plan_hash = ?, last_idx = ? WHERE change_id = ?"
                + " AND status = ? AND plan_hash = ? AND last_idx = ?",
            status,
            planHash,
            lastIndex,
            changeId,
            was.status(),
            was.planHash(),
            was.lastIndex())
        == 1;
  }
}
