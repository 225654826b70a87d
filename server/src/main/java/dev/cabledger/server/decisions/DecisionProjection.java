package dev.cabledger.server.decisions;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.CurrentPlanCheck;
import dev.cabledger.server.workflow.ProjectedRow;
import dev.cabledger.server.workflow.StateConflictException;
import dev.cabledger.server.workflow.WorkflowTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A CAB decision's rows: its {@code approval} row (kind {@code cab}) and, when it supersedes an
 * earlier decision, that one's {@code approval_end}. Its check, under the append lock, keeps one
 * standing decision per person and plan: a second one must name the first in {@code supersedes}.
 *
 * @param statement the decision's statement ({@code CAB_APPROVED} or {@code CAB_REJECTED})
 */
record DecisionProjection(Statement statement) implements EntryProjection {

  DecisionProjection {
    if (!(statement.predicate().data() instanceof CabApproved)
        && !(statement.predicate().data() instanceof CabRejected)) {
      throw new IllegalArgumentException(
          "not a CAB decision: " + statement.predicate().eventType());
    }
  }

  @Override
  public void check(JdbcTemplate jdbc) {
    String changeId = statement.subjectName();
    ChangeHistory history = CurrentPlanCheck.history(jdbc, changeId);
    Digest plan = statement.subjectDigest();
    CurrentPlanCheck.requireCurrent(history, plan, "decide on the current plan");
    String approver = statement.predicate().actor().subject();
    Map<UUID, Digest> standing = standingDecisions(history, approver, jdbc);
    Optional<UUID> supersedes = supersedes();
    if (supersedes.isPresent() && !standing.containsKey(supersedes.get())) {
      throw new StateConflictException(
          "supersedes names "
              + supersedes.get()
              + ", which is not a decision of yours on change "
              + changeId
              + " that still stands (a decision ends when it is revoked, expires or is"
              + " superseded)");
    }
    for (Map.Entry<UUID, Digest> d : standing.entrySet()) {
      if (d.getValue().equals(plan) && !supersedes.equals(Optional.of(d.getKey()))) {
        throw new StateConflictException(
            "you already decided on this plan of change "
                + changeId
                + " (decision "
                + d.getKey()
                + "); name it in supersedes to replace it");
      }
    }
  }

  /** The rows come from the feature's {@link dev.cabledger.server.workflow.ChangeEventRows}. */
  @Override
  public void write(JdbcTemplate jdbc, long index) {}

  /**
   * The entry's rows: its {@code approval} row, and the {@code approval_end} of the decision it
   * supersedes (appended, expected by the ledger check and restored alike).
   */
  List<ProjectedRow> rows(long index) {
    String status;
    String approver;
    Optional<String> expiry;
    UUID approvalId;
    switch (statement.predicate().data()) {
      case CabApproved a -> {
        approvalId = a.approvalId();
        approver = a.approver();
        status = a.status().json();
        expiry = a.expiryDate().map(Object::toString);
      }
      case CabRejected r -> {
        approvalId = r.approvalId();
        approver = r.approver();
        status = "denied";
        expiry = Optional.empty();
      }
      default -> throw new IllegalStateException("not a CAB decision");
    }
    List<ProjectedRow> rows = new ArrayList<>();
    rows.add(
        ProjectedRow.of(WorkflowTables.APPROVAL)
            .text("approval_id", approvalId.toString())
            .text("change_id", statement.subjectName())
            .text("client", statement.predicate().data().tenant().orElseThrow().value())
            .text("kind", "cab")
            .text("approver", approver)
            .text("status", status)
            .text("decided_at", statement.predicate().createdAt().toString())
            .text("expiry_date", expiry)
            .integer("entry_idx", index)
            .build());
    supersedes().ifPresent(s -> rows.add(ApprovalEnd.row(s, ApprovalEnd.How.SUPERSEDED, index)));
    return rows;
  }

  private Optional<UUID> supersedes() {
    return switch (statement.predicate().data()) {
      case CabApproved a -> a.supersedes();
      case CabRejected r -> r.supersedes();
      default -> Optional.empty();
    };
  }

  /** The person's CAB decisions on the change that have not ended, with the plan each is for. */
  private static Map<UUID, Digest> standingDecisions(
      ChangeHistory history, String approver, JdbcTemplate jdbc) {
    Set<UUID> ended = ApprovalEnd.endedOf(jdbc, history.changeId());
    Map<UUID, Digest> standing = new LinkedHashMap<>();
    for (LoggedEvent e : history.events()) {
      switch (e.data()) {
        case CabApproved a when a.approver().equals(approver) ->
            standing.put(a.approvalId(), a.planHash());
        case CabRejected r when r.approver().equals(approver) ->
            standing.put(r.approvalId(), r.planHash());
        default -> {}
      }
    }
    standing.keySet().removeAll(ended);
    return standing;
  }
}
