package dev.cabledger.server.reports;

import dev.cabledger.core.event.ReportGenerated;
import dev.cabledger.server.ledger.EntryProjection;
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

  /** The row of a report's {@code REPORT_GENERATED} entry. */
  static EntryProjection projection(ReportGenerated report) {
    return (tx, index) ->
        tx.update(
            "INSERT INTO report (report_id, report_hash, media_type, entry_idx)"
                + " VALUES (?, ?, ?, ?)",
            report.reportId().toString(),
            report.reportHash().hex(),
            report.mediaType(),
            index);
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
