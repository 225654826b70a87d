package dev.cabledger.server.decisions;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalExpired;
import dev.cabledger.core.event.ApprovalRevoked;
import dev.cabledger.core.event.EventType;
import dev.cabledger.server.workflow.ChangeEventRows;
import dev.cabledger.server.workflow.ProjectedRow;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The decisions feature's rows of an entry, from its statement alone: a CAB decision's {@code
 * approval} row (and the {@code approval_end} of the decision it supersedes), and the {@code
 * approval_end} of a revocation or an expiry. The same for an append, the ledger check and a
 * rebuild.
 */
@Component
final class DecisionRows implements ChangeEventRows {
  @Override
  public Set<EventType> types() {
    return Set.of(
        EventType.CAB_APPROVED,
        EventType.CAB_REJECTED,
        EventType.APPROVAL_REVOKED,
        EventType.APPROVAL_EXPIRED);
  }

  @Override
  public List<ProjectedRow> rows(long index, Statement statement) {
    return switch (statement.predicate().data()) {
      case ApprovalRevoked r ->
          List.of(ApprovalEnd.row(r.approvalId(), ApprovalEnd.How.REVOKED, index));
      case ApprovalExpired x ->
          List.of(ApprovalEnd.row(x.approvalId(), ApprovalEnd.How.EXPIRED, index));
      default -> new DecisionProjection(statement).rows(index);
    };
  }
}
