package dev.cabledger.server.changes;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.EventType;
import dev.cabledger.server.workflow.ChangeEventRows;
import dev.cabledger.server.workflow.ProjectedRow;
import dev.cabledger.server.workflow.WorkflowTables;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The {@code change_apply} row of a {@code CHANGE_APPLIED} entry, from its statement alone: the
 * same for an append, the ledger check and a rebuild.
 */
@Component
final class AppliedRows implements ChangeEventRows {
  @Override
  public Set<EventType> types() {
    return Set.of(EventType.CHANGE_APPLIED);
  }

  @Override
  public List<ProjectedRow> rows(long index, Statement statement) {
    if (!(statement.predicate().data() instanceof ChangeApplied a)) {
      throw new IllegalArgumentException("not an apply: " + statement);
    }
    return List.of(
        ProjectedRow.of(WorkflowTables.CHANGE_APPLY)
            .integer("entry_idx", index)
            .text("change_id", statement.subjectName())
            .text("client", a.client().value())
            .text("environment", a.environment())
            .text("module", a.module())
            .text("plan_hash", a.planHash().hex())
            .build());
  }
}
