package dev.cabledger.server.workflow;

import static dev.cabledger.server.workflow.ProjectionTable.Column.entry;
import static dev.cabledger.server.workflow.ProjectionTable.Type.INTEGER;
import static dev.cabledger.server.workflow.ProjectionTable.Type.TEXT;

import dev.cabledger.server.workflow.ProjectionTable.Column;
import dev.cabledger.server.workflow.ProjectionTable.Source;
import dev.cabledger.server.workflow.ProjectionTable.Type;
import java.util.List;

/**
 * The workflow's projection tables ({@code V4__workflow.sql}), with where each column's value comes
 * from. The features derive their rows in these terms ({@link ChangeEventRows}), so the writer, the
 * ledger check and the rebuild share one description of every row.
 */
public final class WorkflowTables {
  /** Every entry about a change, in log order: the change index. */
  public static final ProjectionTable CHANGE_ENTRY =
      new ProjectionTable(
          "change_entry",
          "entry_idx",
          List.of(
              entry("entry_idx", INTEGER), entry("change_id", TEXT), entry("event_type", TEXT)));

  /** One row per change, named by its submission; its plan, status and latest entry move on. */
  public static final ProjectionTable CHANGE_REQUEST =
      new ProjectionTable(
          "change_request",
          "change_id",
          List.of(
              entry("change_id", TEXT),
              entry("client", TEXT),
              entry("entry_idx", INTEGER),
              new Column("plan_hash", TEXT, Source.CHANGE),
              entry("risk_level", TEXT),
              entry("environment", TEXT),
              entry("requester", TEXT),
              entry("submitted_at", TEXT),
              new Column("status", TEXT, Source.CHANGE),
              new Column("last_idx", INTEGER, Source.CHANGE)));

  /** Every decision, CAB ({@code kind} cab) and exception ({@code kind} exception). */
  public static final ProjectionTable APPROVAL =
      new ProjectionTable(
          "approval",
          "approval_id",
          List.of(
              entry("approval_id", TEXT),
              entry("change_id", TEXT),
              entry("client", TEXT),
              entry("kind", TEXT),
              entry("exception_id", TEXT),
              entry("approver", TEXT),
              entry("status", TEXT),
              entry("decided_at", TEXT),
              entry("expiry_date", TEXT),
              entry("entry_idx", INTEGER)));

  /** How a decision ended (revoked, expired, superseded), named by the entry that ended it. */
  public static final ProjectionTable APPROVAL_END =
      new ProjectionTable(
          "approval_end",
          "approval_id",
          List.of(entry("approval_id", TEXT), entry("how", TEXT), entry("entry_idx", INTEGER)));

  /** Exceptions requested for a change. */
  public static final ProjectionTable CHANGE_EXCEPTION =
      new ProjectionTable(
          "change_exception",
          "exception_id",
          List.of(
              entry("exception_id", TEXT),
              entry("change_id", TEXT),
              entry("client", TEXT),
              entry("exception_type", TEXT),
              entry("entry_idx", INTEGER)));

  /** Sealed evidence packages: the hash is in the log, the bytes only here. */
  public static final ProjectionTable EVIDENCE_PACKAGE =
      new ProjectionTable(
          "evidence_package",
          "evidence_hash",
          List.of(
              entry("evidence_hash", TEXT),
              entry("evidence_pack_id", TEXT),
              entry("change_id", TEXT),
              entry("client", TEXT),
              new Column("document", Type.BYTES, Source.OUTSIDE),
              entry("entry_idx", INTEGER)));

  /**
   * Every apply, by target ({@code V8__applies_and_overrides.sql}): what the gate's staleness
   * reads.
   */
  public static final ProjectionTable CHANGE_APPLY =
      new ProjectionTable(
          "change_apply",
          "entry_idx",
          List.of(
              entry("entry_idx", INTEGER),
              entry("change_id", TEXT),
              entry("client", TEXT),
              entry("environment", TEXT),
              entry("module", TEXT),
              entry("plan_hash", TEXT)));

  /** Every override of the gate, for auditors. */
  public static final ProjectionTable CHANGE_OVERRIDE =
      new ProjectionTable(
          "change_override",
          "entry_idx",
          List.of(
              entry("entry_idx", INTEGER),
              entry("change_id", TEXT),
              entry("client", TEXT),
              entry("overridden_by", TEXT),
              entry("overridden_at_ms", INTEGER)));

  /** All of them, in the order the ledger check reports them. */
  public static final List<ProjectionTable> ALL =
      List.of(
          CHANGE_ENTRY,
          CHANGE_REQUEST,
          APPROVAL,
          APPROVAL_END,
          CHANGE_EXCEPTION,
          EVIDENCE_PACKAGE,
          CHANGE_APPLY,
          CHANGE_OVERRIDE);

  private WorkflowTables() {}
}
