package dev.cabledger.server.verification;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Compares a decision's row in the {@code approval} projection with its signed entry, column by
 * column. The row's values appear only in the words that report a difference.
 */
@Component
final class ApprovalRows {
  private final JdbcTemplate jdbc;

  ApprovalRows(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * How a row compares.
   *
   * @param matches whether a row exists and every compared column equals the signed payload
   * @param columns the columns that differ
   * @param problems each difference in words
   */
  record Comparison(boolean matches, List<String> columns, List<String> problems) {
    Comparison {
      columns = List.copyOf(columns);
      problems = List.copyOf(problems);
    }
  }

  private record Row(
      String changeId,
      String client,
      String approver,
      String status,
      @Nullable String expiryDate,
      String decidedAt,
      long entryIndex) {}

  /** Compares the row of the decision at {@code entryIndex} with what the entry signs. */
  Comparison compare(SignedDecision signed, long entryIndex) {
    List<Row> rows =
        jdbc.query(
            "SELECT change_id, client, approver, status, expiry_date, decided_at, entry_idx"
                + " FROM approval WHERE approval_id = ?",
            (rs, n) ->
                new Row(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getLong(7)),
            signed.approvalId().toString());
    if (rows.isEmpty()) {
      return new Comparison(
          false,
          List.of(),
          List.of("the approval projection has no row for approval " + signed.approvalId()));
    }
    Row row = rows.getFirst();
    List<String> columns = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    text(columns, problems, "change_id", row.changeId(), signed.changeId());
    text(columns, problems, "client", row.client(), signed.client());
    text(columns, problems, "approver", row.approver(), signed.approver());
    text(columns, problems, "status", row.status(), signed.status());
    time(columns, problems, "expiry_date", row.expiryDate(), signed.expiresAt());
    time(columns, problems, "decided_at", row.decidedAt(), Optional.of(signed.decidedAt()));
    if (row.entryIndex() != entryIndex) {
      columns.add("entry_idx");
      problems.add(
          "approval row: entry_idx is " + row.entryIndex() + " but the entry is " + entryIndex);
    }
    return new Comparison(columns.isEmpty(), columns, problems);
  }

  private static void text(
      List<String> columns, List<String> problems, String column, String row, String signed) {
    if (!row.equals(signed)) {
      columns.add(column);
      problems.add(difference(column, row, signed));
    }
  }

  /** Times compare as instants, so that a spelling of the same moment is no difference. */
  private static void time(
      List<String> columns,
      List<String> problems,
      String column,
      @Nullable String row,
      Optional<Instant> signed) {
    Instant stored;
    try {
      stored = row == null ? null : Instant.parse(row);
    } catch (DateTimeException e) {
      stored = null;
    }
    boolean same =
        row == null
            ? signed.isEmpty()
            : stored != null && Objects.equals(stored, signed.orElse(null));
    if (!same) {
      columns.add(column);
      problems.add(
          difference(
              column, row == null ? "empty" : row, signed.map(Instant::toString).orElse("empty")));
    }
  }

  private static String difference(String column, String row, String signed) {
    return "approval row: "
        + column
        + " is \""
        + row
        + "\" but the signed entry says \""
        + signed
        + "\"";
  }
}
