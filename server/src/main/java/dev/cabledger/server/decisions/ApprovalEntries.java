package dev.cabledger.server.decisions;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LogReader;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Approvals (CAB decisions and exception decisions) found through their projection ({@code
 * approval}, {@code approval_end}) and read from their signed entries: the projection only says
 * where to look.
 */
@Component
final class ApprovalEntries {
  /** Columns of {@link Row}, for queries that select rows. */
  static final String ROW_COLUMNS =
      "a.approval_id, a.change_id, a.client, a.entry_idx, e.entry_idx";

  /** The tables of {@link Row}: every approval with its end, if it has one. */
  static final String ROW_TABLES =
      "approval a LEFT JOIN approval_end e ON e.approval_id = a.approval_id";

  private final JdbcTemplate jdbc;
  private final LogReader reader;

  ApprovalEntries(JdbcTemplate jdbc, LogReader reader) {
    this.jdbc = jdbc;
    this.reader = reader;
  }

  /**
   * Where an approval and its end are in the log.
   *
   * @param approvalId the approval's id
   * @param changeId the change it is about
   * @param client the change's client
   * @param index the index of the decision's entry
   * @param endIndex the index of the entry that ended it, if one did
   */
  record Row(
      UUID approvalId, String changeId, String client, long index, Optional<Long> endIndex) {}

  /** The approval with this id, if any. */
  Optional<Row> row(UUID approvalId) {
    return rows(
            "SELECT " + ROW_COLUMNS + " FROM " + ROW_TABLES + " WHERE a.approval_id = ?",
            approvalId.toString())
        .stream()
        .findFirst();
  }

  /** The rows a query selects ({@link #ROW_COLUMNS} from {@link #ROW_TABLES}). */
  List<Row> rows(String sql, Object... args) {
    return jdbc.query(
        sql,
        (rs, n) -> {
          long end = rs.getLong(5);
          Optional<Long> endIndex = rs.wasNull() ? Optional.empty() : Optional.of(end);
          return new Row(
              UUID.fromString(rs.getString(1)),
              rs.getString(2),
              rs.getString(3),
              rs.getLong(4),
              endIndex);
        },
        args);
  }

  /**
   * The decision a row points at, read from the log.
   *
   * @throws LedgerIntegrityException if the entry is not a decision with the row's id and change
   */
  LoggedEvent decision(Row row) {
    LoggedEvent e = at(row.index());
    Optional<UUID> id =
        switch (e.data()) {
          case CabApproved a -> Optional.of(a.approvalId());
          case CabRejected r -> Optional.of(r.approvalId());
          case ExceptionApproved a -> Optional.of(a.approvalId());
          case ExceptionDenied d -> Optional.of(d.approvalId());
          default -> Optional.empty();
        };
    if (!id.equals(Optional.of(row.approvalId()))
        || !e.statement().subjectName().equals(row.changeId())) {
      throw new LedgerIntegrityException(
          "the approval "
              + row.approvalId()
              + " is indexed at entry "
              + row.index()
              + ", which is not that decision");
    }
    return e;
  }

  /** The approval as its signed entries state it: the decision, and what ended it. */
  ApprovalView view(Row row) {
    return ApprovalView.of(decision(row), row.endIndex().map(this::at));
  }

  /** The statement of an entry, read from the log's bytes. */
  LoggedEvent at(long index) {
    byte[] bytes = reader.entry(index).bytes();
    try {
      return new LoggedEvent(index, Envelope.parse(bytes).statement());
    } catch (VerificationException | IllegalArgumentException e) {
      throw new LedgerIntegrityException(
          "entry " + index + " does not hold a valid statement: " + e.getMessage());
    }
  }
}
