package dev.cabledger.server.console;

import dev.cabledger.core.event.ChangeType;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.ChangeStatus;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /console}: the review queue (and {@code GET /}, which leads to it). The pending
 * changes of the clients in the reviewer's scope that the reviewer did not request, newest first, a
 * page at a time, each with what the policy still needs; filtered by client, risk, environment and
 * change type.
 */
@Controller
final class QueuePage {
  static final int PAGE_SIZE = 25;

  /** The most client names the filter offers an all-client reviewer. */
  private static final int CLIENTS_OFFERED = 200;

  /** Candidates read per query when the type filter reads their submissions. */
  private static final int TYPE_BATCH = 100;

  private final ChangeRecords records;
  private final JdbcTemplate jdbc;

  QueuePage(ChangeRecords records, JdbcTemplate jdbc) {
    this.records = records;
    this.jdbc = jdbc;
  }

  /**
   * {@code GET /}: the service's root, which a person opens in a browser after starting it; the
   * console is what is there for them (its sign-in page when they have no session).
   */
  @GetMapping("/")
  String root() {
    return "redirect:/console";
  }

  @GetMapping("/console")
  String queue(
      @RequestParam(required = false) @Nullable String client,
      @RequestParam(required = false) @Nullable String risk,
      @RequestParam(required = false) @Nullable String environment,
      @RequestParam(required = false) @Nullable String type,
      @RequestParam(defaultValue = "0") int page,
      @AuthenticationPrincipal Caller caller,
      Model model) {
    if (page < 0 || page > 1_000_000) {
      throw new InvalidInputException("page must be a whole number from 0");
    }
    String clientFilter = blankToNull(client);
    String riskFilter = blankToNull(risk);
    String environmentFilter = blankToNull(environment);
    String typeFilter = blankToNull(type);
    if (typeFilter != null
        && Arrays.stream(ChangeType.values()).map(ChangeType::json).noneMatch(typeFilter::equals)) {
      throw new InvalidInputException(
          "type must be one of normal, standard, emergency, not \"" + typeFilter + "\"");
    }
    if (riskFilter != null
        && Arrays.stream(Risk.values()).map(Risk::json).noneMatch(riskFilter::equals)) {
      throw new InvalidInputException(
          "risk must be one of low, medium, high, critical, not \"" + riskFilter + "\"");
    }
    if (environmentFilter != null && environmentFilter.length() > 128) {
      throw new InvalidInputException("environment is at most 128 characters");
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT change_id FROM change_request WHERE status = ? AND requester <> ?");
    List<Object> args = new ArrayList<>();
    args.add(ChangeStatus.PENDING.json());
    args.add(caller.subject());
    if (clientFilter != null) {
      sql.append(" AND client = ?");
      args.add(clientFilter);
    }
    if (riskFilter != null) {
      sql.append(" AND risk_level = ?");
      args.add(riskFilter);
    }
    if (environmentFilter != null) {
      sql.append(" AND environment = ?");
      args.add(environmentFilter);
    }
    List<Views.QueueRow> rows = new ArrayList<>();
    boolean more = false;
    if (caller.allClients() || !caller.clients().isEmpty()) {
      if (!caller.allClients()) {
        sql.append(" AND client IN (")
            .append(String.join(", ", caller.clients().stream().map(c -> "?").toList()))
            .append(")");
        args.addAll(caller.clients());
      }
      sql.append(" ORDER BY entry_idx DESC LIMIT ? OFFSET ?");
      Instant now = Instant.now();
      List<ChangeHistory> found = new ArrayList<>();
      if (typeFilter == null) {
        // One more than a page, to know whether there is a next one.
        args.add(PAGE_SIZE + 1);
        args.add((long) page * PAGE_SIZE);
        for (String id : jdbc.queryForList(sql.toString(), String.class, args.toArray())) {
          records.find(id).ifPresent(found::add);
        }
      } else {
        found = ofType(sql.toString(), args, typeFilter, page);
      }
      more = found.size() > PAGE_SIZE;
      for (ChangeHistory h : found.subList(0, Math.min(found.size(), PAGE_SIZE))) {
        if (caller.sees(h.client().value())) {
          rows.add(Views.QueueRow.of(records.assess(h, now), caller.subject()));
        }
      }
    }
    model.addAttribute("me", caller);
    model.addAttribute("rows", rows);
    model.addAttribute("page", page);
    model.addAttribute("more", more);
    model.addAttribute("clients", clients(caller));
    model.addAttribute("risks", Arrays.stream(Risk.values()).map(Risk::json).toList());
    model.addAttribute("client", clientFilter == null ? "" : clientFilter);
    model.addAttribute("risk", riskFilter == null ? "" : riskFilter);
    model.addAttribute("environment", environmentFilter == null ? "" : environmentFilter);
    model.addAttribute("types", Arrays.stream(ChangeType.values()).map(ChangeType::json).toList());
    model.addAttribute("type", typeFilter == null ? "" : typeFilter);
    model.addAttribute(
        "filtered",
        clientFilter != null
            || riskFilter != null
            || environmentFilter != null
            || typeFilter != null);
    return "console/queue";
  }

  /**
   * The changes of one type on the requested page, plus one if a later page has any. The type is in
   * the signed submission only (the projection has no column for it), so this reads the candidates
   * the SQL filters left from their signed entries, newest first, in batches, and stops once the
   * page is full: a cost of the pending candidates up to the page, not of every change.
   */
  private List<ChangeHistory> ofType(String sql, List<Object> args, String type, int page) {
    long skip = (long) page * PAGE_SIZE;
    List<ChangeHistory> found = new ArrayList<>();
    for (long offset = 0; ; offset += TYPE_BATCH) {
      List<Object> batchArgs = new ArrayList<>(args);
      batchArgs.add(TYPE_BATCH);
      batchArgs.add(offset);
      List<String> ids = jdbc.queryForList(sql, String.class, batchArgs.toArray());
      for (String id : ids) {
        Optional<ChangeHistory> h = records.find(id);
        if (h.isEmpty() || !h.get().submitted().changeType().json().equals(type)) {
          continue;
        }
        if (skip > 0) {
          skip--;
        } else {
          found.add(h.get());
          if (found.size() > PAGE_SIZE) {
            return found;
          }
        }
      }
      if (ids.size() < TYPE_BATCH) {
        return found;
      }
    }
  }

  private List<String> clients(Caller caller) {
    if (!caller.allClients()) {
      return caller.clients().stream().sorted().toList();
    }
    // One index seek per client (change_request_client), not a scan of every change ever
    // submitted as DISTINCT would be: the history grows, the clients hardly.
    return jdbc.queryForList(
        "WITH RECURSIVE c(client) AS (SELECT MIN(client) FROM change_request UNION ALL"
            + " SELECT (SELECT MIN(client) FROM change_request WHERE client > c.client) FROM c"
            + " WHERE c.client IS NOT NULL)"
            + " SELECT client FROM c WHERE client IS NOT NULL LIMIT ?",
        String.class,
        CLIENTS_OFFERED);
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
