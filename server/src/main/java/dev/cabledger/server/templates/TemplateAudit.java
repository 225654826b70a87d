package dev.cabledger.server.templates;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.server.events.ProjectionAudit;
import dev.cabledger.server.events.ProjectionRestore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the {@code change_template} rows from the log's template entries and compares them with
 * the stored ones: a row without its entry (a template or approval inserted), an entry without its
 * row (one hidden from the gate), or a row that says something else is a finding. The rebuild
 * restores the missing rows the same way ({@link TemplateRows}), leaving every existing row as it
 * is.
 */
@Component
final class TemplateAudit implements ProjectionAudit, ProjectionRestore {
  private final JdbcTemplate jdbc;

  TemplateAudit(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Rebuild rebuild() {
    Map<Long, TemplateRows> fromLog = new LinkedHashMap<>();
    return new Rebuild() {
      @Override
      public void entry(long index, Statement statement) {
        TemplateRows.of(statement).ifPresent(r -> fromLog.put(index, r));
      }

      @Override
      public List<Finding> compare(long treeSize) {
        return TemplateAudit.this.compare(fromLog, treeSize);
      }
    };
  }

  @Override
  public Replay replay() {
    Map<Long, TemplateRows> fromLog = new LinkedHashMap<>();
    return new Replay() {
      @Override
      public void entry(long index, Statement statement) {
        TemplateRows.of(statement).ifPresent(r -> fromLog.put(index, r));
      }

      @Override
      public Restored finish(long treeSize) {
        Map<String, Long> restored = new LinkedHashMap<>();
        fromLog.forEach(
            (index, row) -> {
              if (index < treeSize && row.restore(jdbc, index)) {
                restored.merge("change_template", 1L, Long::sum);
              }
            });
        // What the check still names: rows that differ or that the log does not establish.
        return new Restored(restored, compare(fromLog, treeSize).size());
      }
    };
  }

  private List<Finding> compare(Map<Long, TemplateRows> fromLog, long treeSize) {
    Map<Long, TemplateRows> stored = new LinkedHashMap<>();
    jdbc.query(
        "SELECT entry_idx, template_id, client, event_type FROM change_template"
            + " WHERE entry_idx < ?",
        rs -> {
          stored.put(
              rs.getLong(1), new TemplateRows(rs.getString(2), rs.getString(3), rs.getString(4)));
        },
        treeSize);
    List<Finding> findings = new ArrayList<>();
    stored.forEach(
        (index, row) -> {
          TemplateRows logged = fromLog.get(index);
          if (logged == null) {
            findings.add(
                Finding.ofBundle(
                    "change_template row for entry "
                        + index
                        + " (template "
                        + row.templateId()
                        + ") has no template entry in the log"));
          } else if (!logged.equals(row)) {
            findings.add(
                Finding.ofEntry(index, "change_template row differs from the template entry"));
          }
        });
    fromLog.forEach(
        (index, row) -> {
          if (index < treeSize && !stored.containsKey(index)) {
            findings.add(
                Finding.ofEntry(
                    index,
                    "is an entry of template "
                        + row.templateId()
                        + ", which has no change_template row"));
          }
        });
    return findings;
  }
}
