package dev.cabledger.server.workflow;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every row an entry about a change establishes: its {@code change_entry} row, a submission's
 * {@code change_request} row (with its plan, status and latest entry as of the submission), and the
 * rows of the features that own its event type.
 */
final class ChangeRows {
  private ChangeRows() {}

  /**
   * Whether the entry is one of a change's entries. Pipeline notes name a change too, but come
   * through the generic endpoint and are not indexed.
   */
  static boolean indexed(Statement statement) {
    EventData data = statement.predicate().data();
    return data instanceof EventData.OfChange && data.type() != EventType.PIPELINE_NOTE;
  }

  /** The rows of the entry at {@code index}, in the order of {@link WorkflowTables#ALL}. */
  static List<ProjectedRow> of(long index, Statement statement, List<ChangeEventRows> features) {
    String changeId = statement.subjectName();
    List<ProjectedRow> rows = new ArrayList<>();
    rows.add(
        ProjectedRow.of(WorkflowTables.CHANGE_ENTRY)
            .integer("entry_idx", index)
            .text("change_id", changeId)
            .text("event_type", statement.predicate().eventType().name())
            .build());
    if (statement.predicate().data() instanceof ChangeSubmitted s) {
      rows.add(
          ProjectedRow.of(WorkflowTables.CHANGE_REQUEST)
              .text("change_id", changeId)
              .text("client", s.client().value())
              .integer("entry_idx", index)
              .text("plan_hash", s.planHash().hex())
              .text("risk_level", s.risk().map(r -> r.json()))
              .text("environment", s.environment())
              .text("requester", statement.predicate().actor().subject())
              .text("submitted_at", statement.predicate().createdAt().toString())
              .text("status", "pending")
              .integer("last_idx", index)
              .build());
    }
    for (ChangeEventRows feature : features) {
      if (feature.types().contains(statement.predicate().eventType())) {
        rows.addAll(feature.rows(index, statement));
      }
    }
    return rows;
  }
}
