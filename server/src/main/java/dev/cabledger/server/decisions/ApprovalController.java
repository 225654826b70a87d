package dev.cabledger.server.decisions;

import dev.cabledger.server.access.Caller;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/approvals}: the audit schema's approval queries (valid approvals of a change,
 * expired approvals, an approver's approvals since a date, approvals by status) over CAB and
 * exception decisions of the clients in scope. The projection selects; each approval is read from
 * its signed entry.
 */
@RestController
class ApprovalController {
  static final int PAGE_SIZE = 50;
  private static final List<String> STATUSES =
      List.of("approved", "conditional", "denied", "revoked", "expired", "superseded", "valid");

  private final ApprovalEntries approvals;

  ApprovalController(ApprovalEntries approvals) {
    this.approvals = approvals;
  }

  /** A page of approvals, newest first. */
  record ApprovalPage(int page, int size, List<ApprovalView> approvals) {}

  @GetMapping(value = "/api/approvals", produces = MediaType.APPLICATION_JSON_VALUE)
  ApprovalPage approvals(
      @RequestParam(required = false) @Nullable String deploymentIntent,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String approver,
      @RequestParam(required = false) @Nullable String since,
      @RequestParam(required = false) @Nullable Boolean expired,
      @RequestParam(defaultValue = "0") int page,
      @AuthenticationPrincipal Caller caller) {
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
        return new ApprovalPage(page, PAGE_SIZE, List.of());
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
    return new ApprovalPage(page, PAGE_SIZE, out);
  }
}
