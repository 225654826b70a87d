package dev.cabledger.server.keylifecycle;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.server.events.ProjectionAudit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds {@code key_enrolment} from the log's KEY_ENROLMENT_REQUESTED entries and compares it
 * with the stored rows: a row without its entry, an entry without its row, or a row that says
 * something else is a finding.
 */
@Component
final class EnrolmentAudit implements ProjectionAudit {
  private final JdbcTemplate jdbc;

  EnrolmentAudit(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Rebuild rebuild() {
    Map<UUID, EnrolmentRows.Stored> fromLog = new LinkedHashMap<>();
    List<Finding> findings = new ArrayList<>();
    return new Rebuild() {
      @Override
      public void entry(long index, Statement statement) {
        EnrolmentRows.of(statement)
            .ifPresent(
                row -> {
                  if (fromLog.putIfAbsent(row.enrolmentId(), new EnrolmentRows.Stored(row, index))
                      != null) {
                    findings.add(
                        Finding.ofEntry(
                            index, "requests enrolment " + row.enrolmentId() + " a second time"));
                  }
                });
      }

      @Override
      public List<Finding> compare(long treeSize) {
        Map<UUID, EnrolmentRows.Stored> rows = new LinkedHashMap<>();
        for (EnrolmentRows.Stored stored : EnrolmentRows.all(jdbc)) {
          if (stored.entryIndex() < treeSize) {
            rows.put(stored.row().enrolmentId(), stored);
          }
        }
        for (EnrolmentRows.Stored stored : rows.values()) {
          EnrolmentRows.Stored logged = fromLog.get(stored.row().enrolmentId());
          if (logged == null) {
            findings.add(
                Finding.ofBundle(
                    "key_enrolment row "
                        + stored.row().enrolmentId()
                        + " has no KEY_ENROLMENT_REQUESTED entry in the log"));
          } else if (!logged.equals(stored)) {
            findings.add(
                Finding.ofEntry(
                    logged.entryIndex(),
                    "key_enrolment row "
                        + stored.row().enrolmentId()
                        + " differs from the KEY_ENROLMENT_REQUESTED entry"));
          }
        }
        for (EnrolmentRows.Stored logged : fromLog.values()) {
          if (!rows.containsKey(logged.row().enrolmentId())) {
            findings.add(
                Finding.ofEntry(
                    logged.entryIndex(),
                    "requests enrolment "
                        + logged.row().enrolmentId()
                        + ", which has no key_enrolment row"));
          }
        }
        return findings;
      }
    };
  }
}
