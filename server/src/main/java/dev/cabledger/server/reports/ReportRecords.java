package dev.cabledger.server.reports;

import dev.cabledger.core.event.ReportGenerated;
import dev.cabledger.server.ledger.EntryProjection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code report} table: which entry logged each report, written in that entry's append. */
@Component
final class ReportRecords {
  private final JdbcTemplate jdbc;

  ReportRecords(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A {@code report} row, derived from the signed {@code REPORT_GENERATED} event alone: the same
   * when the entry is appended, when the ledger check expects it ({@link ReportAudit}) and when the
   * rebuild restores it.
   *
   * @param reportId the report
   * @param reportHash SHA-256 of its bytes, hex
   * @param mediaType its media type
   */
  record Row(String reportId, String reportHash, String mediaType) {
    static Row of(ReportGenerated report) {
      return new Row(report.reportId().toString(), report.reportHash().hex(), report.mediaType());
    }

    /** Inserts it, naming the entry at {@code index}; with {@code suffix}, e.g. ON CONFLICT. */
    int insert(JdbcTemplate jdbc, long index, String suffix) {
      return jdbc.update(
          "INSERT INTO report (report_id, report_hash, media_type, entry_idx)"
              + " VALUES (?, ?, ?, ?)"
              + suffix,
          reportId,
          reportHash,
          mediaType,
          index);
    }
  }

  /** A stored row and the entry it names. */
  record Stored(Row row, long entryIndex) {}

  /** The row of a report's {@code REPORT_GENERATED} entry. */
  static EntryProjection projection(ReportGenerated report) {
    return (tx, index) -> Row.of(report).insert(tx, index, "");
  }

  /** The stored rows of the entries before {@code treeSize}, in log order. */
  List<Stored> rows(long treeSize) {
    return jdbc.query(
        "SELECT report_id, report_hash, media_type, entry_idx FROM report WHERE entry_idx < ?"
            + " ORDER BY entry_idx",
        (rs, n) ->
            new Stored(new Row(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getLong(4)),
        treeSize);
  }

  /** Inserts a row unless one holds its report or entry already; whether it did. */
  boolean restore(Row row, long index) {
    return row.insert(jdbc, index, " ON CONFLICT DO NOTHING") == 1;
  }

  /** The index of the entry that logged the report, if any did. */
  Optional<Long> entryOf(UUID reportId) {
    return jdbc
        .queryForList(
            "SELECT entry_idx FROM report WHERE report_id = ?", Long.class, reportId.toString())
        .stream()
        .findFirst();
  }
}
