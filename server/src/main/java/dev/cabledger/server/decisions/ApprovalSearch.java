package dev.cabledger.server.decisions;

import dev.cabledger.server.access.Caller;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The audit schema's approval queries, newest first, within the caller's client scope: for {@code
 * GET /api/approvals} and the console's revocations page.
 */
@Component
final class ApprovalSearch {
  static final int PAGE_SIZE = 50;
  private static final List<String> STATUSES =
      List.of("approved", "conditional", "denied", "revoked", "expired", "superseded", "valid");

  private final ApprovalEntries approvals;

  ApprovalSearch(ApprovalEntries approvals) {
    this.approvals = approvals;
  }

  /**
   * A page of approvals.
   *
   * @throws InvalidInputException naming a filter that is wrong
   */
  List<ApprovalView> search(
      @Nullable String deploymentIntent,
      @Nullable String status,
      @Nullable String approver,
      @Nullable String since,
      @Nullable Boolean expired,
      int page,
      Caller caller) {
    if (page < 0 || page > 1_000_000) {
      throw new InvalidInputException("page must be a whole number from 0");
    }
    Instant now = Instant.now();
    String expiry = TimeText.sql("a.expiry_date");
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + ApprovalEntries.ROW_COLUMNS
                + " FROM "
                + ApprovalEntries.ROW_TABLES
                + " WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (deploymentIntent != null) {
      sql.append(" AND a.change_id = ?");
      args.add(deploymentIntent);
    }
    if (status != null) {
      switch (status) {
        case "approved", "conditional", "denied" -> {
          sql.append(" AND a.status = ?");
          args.add(status);
        }
        case "revoked", "expired", "superseded" -> {
          sql.append(" AND e.how = ?");
          args.add(status);
        }
        case "valid" -> {
          sql.append(" AND a.status IN ('approved', 'conditional') AND e.approval_id IS NULL")
              .append(" AND (a.expiry_date IS NULL OR ")
              .append(expiry)
              .append(" > ?)");
          args.add(TimeText.of(now));
        }
        default ->
            throw new InvalidInputException(
                "status must be one of "
                    + String.join(", ", STATUSES)
                    + ", not \""
                    + status
                    + "\"");
      }
    }
    if (approver != null) {
      sql.append(" AND a.approver = ?");
      args.add(approver);
    }
    if (since != null) {
      Instant from = Members.moment(since, "since").orElseThrow();
      sql.append(" AND ").append(TimeText.sql("a.decided_at")).append(" >= ?");
      args.add(TimeText.of(from));
    }
    if (expired != null) {
      // Whether the approval's expiry has passed, whether or not its expiry is recorded yet.
      sql.append(
          expired
              ? " AND a.expiry_date IS NOT NULL AND " + expiry + " <= ?"
              : " AND (a.expiry_date IS NULL OR " + expiry + " > ?)");
      args.add(TimeText.of(now));
    }
    if (!caller.allClients()) {
      if (caller.clients().isEmpty()) {
        return List.of();
      }
      sql.append(" AND a.client IN (")
          .append(String.join(", ", caller.clients().stream().map(c -> "?").toList()))
          .append(")");
      args.addAll(caller.clients());
    }
    sql.append(" ORDER BY a.entry_idx DESC LIMIT ? OFFSET ?");
    args.add(PAGE_SIZE);
    args.add((long) page * PAGE_SIZE);
    List<ApprovalView> out = new ArrayList<>();
    for (ApprovalEntries.Row row : approvals.rows(sql.toString(), args.toArray())) {
      out.add(approvals.view(row));
    }
    return out;
  }
}
