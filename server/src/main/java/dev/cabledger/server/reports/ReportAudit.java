package dev.cabledger.server.reports;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ReportGenerated;
import dev.cabledger.server.events.ProjectionAudit;
import dev.cabledger.server.events.ProjectionRestore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the {@code report} rows from the log's {@code REPORT_GENERATED} entries ({@link
 * ReportRecords.Row}, the writer's derivation) and compares them with the stored rows: a row
 * without its entry (a report anyone could then be handed as logged), an entry without its row (a
 * logged report that can no longer be fetched), or a row that says something else is a finding. The
 * rebuild restores the missing rows the same way, leaving every existing row as it is.
 */
@Component
final class ReportAudit implements ProjectionAudit, ProjectionRestore {
  private final ReportRecords records;

  ReportAudit(ReportRecords records) {
    this.records = records;
  }

  @Override
  public Rebuild rebuild() {
    Map<String, ReportRecords.Stored> fromLog = new LinkedHashMap<>();
    List<Finding> twice = new ArrayList<>();
    return new Rebuild() {
      @Override
      public void entry(long index, Statement statement) {
        collect(index, statement, fromLog, twice);
      }

      @Override
      public List<Finding> compare(long treeSize) {
        List<Finding> findings = new ArrayList<>(twice);
        findings.addAll(ReportAudit.this.compare(fromLog, treeSize));
        return findings;
      }
    };
  }

  @Override
  public Replay replay() {
    Map<String, ReportRecords.Stored> fromLog = new LinkedHashMap<>();
    return new Replay() {
      @Override
      public void entry(long index, Statement statement) {
        collect(index, statement, fromLog, new ArrayList<>());
      }

      @Override
      public Restored finish(long treeSize) {
        Map<String, ReportRecords.Stored> stored = stored(treeSize);
        long restored = 0;
        for (ReportRecords.Stored logged : fromLog.values()) {
          if (logged.entryIndex() < treeSize
              && !stored.containsKey(logged.row().reportId())
              && records.restore(logged.row(), logged.entryIndex())) {
            restored++;
          }
        }
        // What the check still names: rows that differ, that the log does not establish, or that
        // another row kept out.
        return new Restored(
            restored == 0 ? Map.of() : Map.of("report", restored),
            compare(fromLog, treeSize).size());
      }
    };
  }

  private static void collect(
      long index,
      Statement statement,
      Map<String, ReportRecords.Stored> fromLog,
      List<Finding> twice) {
    if (statement.predicate().data() instanceof ReportGenerated report) {
      ReportRecords.Row row = ReportRecords.Row.of(report);
      if (fromLog.putIfAbsent(row.reportId(), new ReportRecords.Stored(row, index)) != null) {
        twice.add(Finding.ofEntry(index, "logs report " + row.reportId() + " a second time"));
      }
    }
  }

  private Map<String, ReportRecords.Stored> stored(long treeSize) {
    Map<String, ReportRecords.Stored> stored = new LinkedHashMap<>();
    for (ReportRecords.Stored s : records.rows(treeSize)) {
      stored.put(s.row().reportId(), s);
    }
    return stored;
  }

  private List<Finding> compare(Map<String, ReportRecords.Stored> fromLog, long treeSize) {
    Map<String, ReportRecords.Stored> stored = stored(treeSize);
    List<Finding> findings = new ArrayList<>();
    for (ReportRecords.Stored row : stored.values()) {
      ReportRecords.Stored logged = fromLog.get(row.row().reportId());
      if (logged == null) {
        String what =
            "report row (report_id "
                + row.row().reportId()
                + ") names entry "
                + row.entryIndex()
                + ", and no REPORT_GENERATED entry logs that report";
        findings.add(
            row.entryIndex() < 0
                ? Finding.ofBundle(what)
                : Finding.ofEntry(row.entryIndex(), what));
      } else if (!logged.equals(row)) {
        findings.add(
            Finding.ofEntry(
                logged.entryIndex(),
                "report row (report_id "
                    + row.row().reportId()
                    + ") differs from the REPORT_GENERATED entry: the row says "
                    + row
                    + ", the entry "
                    + logged));
      }
    }
    for (ReportRecords.Stored logged : fromLog.values()) {
      if (logged.entryIndex() < treeSize && !stored.containsKey(logged.row().reportId())) {
        findings.add(
            Finding.ofEntry(
                logged.entryIndex(),
                "logs report "
                    + logged.row().reportId()
                    + ", which has no report row; the entry establishes it"));
      }
    }
    return findings;
  }
}
