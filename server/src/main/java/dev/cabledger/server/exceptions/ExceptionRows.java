package dev.cabledger.server.exceptions;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.server.workflow.ChangeEventRows;
import dev.cabledger.server.workflow.ProjectedRow;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The exceptions feature's rows of an entry, from its statement alone: a request's {@code
 * change_exception} row, a decision's {@code approval} row (kind {@code exception}). The same for
 * an append, the ledger check and a rebuild.
 */
@Component
final class ExceptionRows implements ChangeEventRows {
  @Override
  public Set<EventType> types() {
    return Set.of(
        EventType.EXCEPTION_REQUESTED, EventType.EXCEPTION_APPROVED, EventType.EXCEPTION_DENIED);
  }

  @Override
  public List<ProjectedRow> rows(long index, Statement statement) {
    String changeId = statement.subjectName();
    return List.of(
        switch (statement.predicate().data()) {
          case ExceptionRequested r -> new RequestRow(changeId, r).row(index);
          case ExceptionApproved a ->
              DecisionRow.of(changeId, a, statement.predicate().createdAt()).row(index);
          case ExceptionDenied d ->
              DecisionRow.of(changeId, d, statement.predicate().createdAt()).row(index);
          default -> throw new IllegalArgumentException("not an exception event: " + statement);
        });
  }
}
