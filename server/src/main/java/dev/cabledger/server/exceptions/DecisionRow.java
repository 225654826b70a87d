package dev.cabledger.server.exceptions;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.ProjectedRow;
import dev.cabledger.server.workflow.StateConflictException;
import dev.cabledger.server.workflow.WorkflowTables;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code approval} row (kind {@code exception}) of an exception's decision, so that revocation
 * and expiry find it. Checked under the append lock, so that concurrent reviewers and instances
 * agree: one decision stands at a time, and another is refused until it has ended (revoked, or an
 * approval past its expiry).
 *
 * @param changeId the change the exception is for
 * @param approvalId the decision's id
 * @param exceptionId the exception decided
 * @param client the change's client
 * @param planHash the plan the exception is for
 * @param approver the reviewer
 * @param status {@code approved} or {@code denied}
 * @param decidedAt the decision's {@code created_at}
 * @param expiry when an approval stops counting
 */
record DecisionRow(
    String changeId,
    UUID approvalId,
    UUID exceptionId,
    String client,
    Digest planHash,
    String approver,
    String status,
    Instant decidedAt,
    Optional<Instant> expiry)
    implements EntryProjection {

  static DecisionRow of(String changeId, ExceptionApproved a, Instant decidedAt) {
    return new DecisionRow(
        changeId,
        a.approvalId(),
        a.exceptionId(),
        a.client().value(),
        a.planHash(),
        a.approver(),
        "approved",
        decidedAt,
        a.expiryDate());
  }

  static DecisionRow of(String changeId, ExceptionDenied n, Instant decidedAt) {
    return new DecisionRow(
        changeId,
        n.approvalId(),
        n.exceptionId(),
        n.client().value(),
        n.planHash(),
        n.approver(),
        "denied",
        decidedAt,
        Optional.empty());
  }

  @Override
  public void check(JdbcTemplate jdbc) {
    PlanCheck.requireCurrent(jdbc, changeId, planHash);
    List<Map<String, Object>> notEnded =
        jdbc.queryForList(
            "SELECT a.approval_id, a.approver, a.status, a.expiry_date FROM approval a"
                + " WHERE a.exception_id = ? AND NOT EXISTS"
                + " (SELECT 1 FROM approval_end e WHERE e.approval_id = a.approval_id)",
            exceptionId.toString());
    for (Map<String, Object> row : notEnded) {
      // An approval past its expiry has ended even before the expiry job records it.
      boolean expired =
          "approved".equals(row.get("status"))
              && Optional.ofNullable((String) row.get("expiry_date"))
                  .map(Instant::parse)
                  .filter(t -> !t.isAfter(decidedAt))
                  .isPresent();
      if (!expired) {
        throw new StateConflictException(
            "exception "
                + exceptionId
                + " is already "
                + row.get("status")
                + " by "
                + row.get("approver")
                + " (decision "
                + row.get("approval_id")
                + "); it can be decided again only once that decision has ended (revoked, or"
                + " expired)");
      }
    }
  }

  /** The rows come from the feature's {@link dev.cabledger.server.workflow.ChangeEventRows}. */
  @Override
  public void write(JdbcTemplate jdbc, long index) {}

  /** The entry's {@code approval} row (appended, expected and restored alike). */
  ProjectedRow row(long index) {
    return ProjectedRow.of(WorkflowTables.APPROVAL)
        .text("approval_id", approvalId.toString())
        .text("change_id", changeId)
        .text("client", client)
        .text("kind", "exception")
        .text("exception_id", exceptionId.toString())
        .text("approver", approver)
        .text("status", status)
        .text("decided_at", decidedAt.toString())
        .text("expiry_date", expiry.map(Instant::toString))
        .integer("entry_idx", index)
        .build();
  }
}
