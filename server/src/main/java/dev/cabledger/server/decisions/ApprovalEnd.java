package dev.cabledger.server.decisions;

import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.ProjectedRow;
import dev.cabledger.server.workflow.StateConflictException;
import dev.cabledger.server.workflow.WorkflowTables;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The end of an approval ({@code approval_end}), written with the entry that ends it: a revocation
 * or an expiry. Checked under the append lock, so an approval ends once whichever request or
 * instance gets there first; the table's primary key is the last line of defence.
 *
 * @param approvalId the approval that ends
 * @param how how it ends
 */
record ApprovalEnd(UUID approvalId, How how) implements EntryProjection {

  /** How an approval ends. */
  enum How {
    REVOKED,
    EXPIRED,
    SUPERSEDED;

    /** The word {@code approval_end.how} and the API write. */
    String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public void check(JdbcTemplate jdbc) {
    List<String> ended =
        jdbc.queryForList(
            "SELECT how FROM approval_end WHERE approval_id = ?",
            String.class,
            approvalId.toString());
    if (!ended.isEmpty()) {
      throw new StateConflictException(
          "the approval " + approvalId + " has already ended: it was " + ended.getFirst());
    }
  }

  /** The row comes from {@link DecisionRows}, as for a rebuild. */
  @Override
  public void write(JdbcTemplate jdbc, long index) {}

  /** The {@code approval_end} row of the entry at {@code index}, which ends the approval. */
  static ProjectedRow row(UUID approvalId, How how, long index) {
    return ProjectedRow.of(WorkflowTables.APPROVAL_END)
        .text("approval_id", approvalId.toString())
        .text("how", how.json())
        .integer("entry_idx", index)
        .build();
  }

  /** The decisions and approvals of a change that have ended, by this template. */
  static Set<UUID> endedOf(JdbcTemplate jdbc, String changeId) {
    Set<UUID> ended = new HashSet<>();
    jdbc.query(
        "SELECT e.approval_id FROM approval_end e JOIN approval a ON a.approval_id = e.approval_id"
            + " WHERE a.change_id = ?",
        rs -> {
          ended.add(UUID.fromString(rs.getString(1)));
        },
        changeId);
    return ended;
  }
}
