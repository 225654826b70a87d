package dev.cabledger.server.overrides;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.event.PolicyOverridden;
import dev.cabledger.server.workflow.ChangeEventRows;
import dev.cabledger.server.workflow.ProjectedRow;
import dev.cabledger.server.workflow.WorkflowTables;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The {@code change_override} row of a {@code POLICY_OVERRIDDEN} entry, from its statement alone:
 * the same for an append, the ledger check and a rebuild.
 */
@Component
final class OverrideRows implements ChangeEventRows {
  @Override
  public Set<EventType> types() {
    return Set.of(EventType.POLICY_OVERRIDDEN);
  }

  @Override
  public List<ProjectedRow> rows(long index, Statement statement) {
    if (!(statement.predicate().data() instanceof PolicyOverridden o)) {
      throw new IllegalArgumentException("not an override: " + statement);
    }
    return List.of(
        ProjectedRow.of(WorkflowTables.CHANGE_OVERRIDE)
            .integer("entry_idx", index)
            .text("change_id", statement.subjectName())
            .text("client", o.client().value())
            .text("overridden_by", statement.predicate().actor().subject())
            .integer("overridden_at_ms", statement.predicate().createdAt().toEpochMilli())
            .build());
  }
}
