package dev.cabledger.server.overrides;

import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The overrides of the clients in scope, newest first, each read from its signed entry: for {@code
 * GET /api/overrides} and the console's overrides page.
 */
@Component
final class OverrideList {
  static final int PAGE_SIZE = 50;

  private final ChangeRecords records;
  private final JdbcTemplate jdbc;

  OverrideList(ChangeRecords records, JdbcTemplate jdbc) {
    this.records = records;
    this.jdbc = jdbc;
  }

  /**
   * A page of overrides.
   *
   * @throws InvalidInputException naming a filter that is wrong
   */
  List<OverrideController.OverrideView> page(
      @Nullable String client, @Nullable String since, int page, Caller caller) {
    if (page < 0 || page > 1_000_000) {
      throw new InvalidInputException("page must be a whole number from 0");
    }
    StringBuilder sql =
        new StringBuilder("SELECT change_id, entry_idx FROM change_override WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (client != null) {
      sql.append(" AND client = ?");
      args.add(client);
    }
    if (since != null) {
      try {
        sql.append(" AND overridden_at_ms >= ?");
        args.add(Instant.parse(since).toEpochMilli());
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new InvalidInputException(
            "since must be an RFC 3339 time in UTC, such as 2026-04-01T00:00:00Z, not \""
                + since
                + "\"");
      }
    }
    if (!caller.allClients()) {
      if (caller.clients().isEmpty()) {
        return List.of();
      }
      sql.append(" AND client IN (")
          .append(String.join(", ", caller.clients().stream().map(c -> "?").toList()))
          .append(")");
      args.addAll(caller.clients());
    }
    sql.append(" ORDER BY entry_idx DESC LIMIT ? OFFSET ?");
    args.add(PAGE_SIZE);
    args.add((long) page * PAGE_SIZE);
    List<OverrideController.OverrideView> out = new ArrayList<>();
    jdbc.query(
        sql.toString(),
        rs -> {
          String changeId = rs.getString(1);
          long index = rs.getLong(2);
          // Read from the signed entry: the row only says where it is.
          LoggedEvent entry =
              records
                  .find(changeId)
                  .flatMap(h -> h.events().stream().filter(e -> e.index() == index).findFirst())
                  .orElseThrow(
                      () ->
                          new LedgerIntegrityException(
                              "entry " + index + " is indexed as an override of " + changeId));
          out.add(OverrideController.OverrideView.of(changeId, entry));
        },
        args.toArray());
    return out;
  }
}
