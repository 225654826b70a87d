package dev.cabledger.server.keylifecycle;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.server.events.ProjectionAudit;
import dev.cabledger.server.events.ProjectionRestore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds {@code key_enrolment} and {@code enrolment_rejection} from the log's
 * KEY_ENROLMENT_REQUESTED and KEY_ENROLMENT_REJECTED entries ({@link EnrolmentRows}, {@link
 * RejectionRows}, the writer's derivations) and compares them with the stored rows: a row without
 * its entry, an entry without its row, or a row that says something else is a finding. The rebuild
 * restores the missing rows the same way, leaving every existing row as it is.
 */
@Component
final class EnrolmentAudit implements ProjectionAudit, ProjectionRestore {
  private final JdbcTemplate jdbc;

  EnrolmentAudit(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * One of the two tables: how a statement derives its row, how stored rows are read, and how a
   * missing row is restored.
   */
  private record Table<R>(
      String name,
      String event,
      Function<Statement, Optional<R>> derive,
      Function<R, UUID> enrolment,
      Function<JdbcTemplate, List<Stored<R>>> stored,
      Restorer<R> restorer) {}

  private interface Restorer<R> {
    boolean insertIfAbsent(JdbcTemplate jdbc, R row, long index);
  }

  private record Stored<R>(R row, long entryIndex) {}

  private static final Table<EnrolmentRows.Row> ENROLMENT =
      new Table<>(
          "key_enrolment",
          "KEY_ENROLMENT_REQUESTED",
          EnrolmentRows::of,
          EnrolmentRows.Row::enrolmentId,
          jdbc ->
              EnrolmentRows.all(jdbc).stream()
                  .map(s -> new Stored<>(s.row(), s.entryIndex()))
                  .toList(),
          EnrolmentRows::insertIfAbsent);

  private static final Table<RejectionRows.Row> REJECTION =
      new Table<>(
          "enrolment_rejection",
          "KEY_ENROLMENT_REJECTED",
          RejectionRows::of,
          RejectionRows.Row::enrolmentId,
          jdbc ->
              RejectionRows.all(jdbc).stream()
                  .map(s -> new Stored<>(s.row(), s.entryIndex()))
                  .toList(),
          RejectionRows::insertIfAbsent);

  @Override
  public Rebuild rebuild() {
    FromLog<EnrolmentRows.Row> enrolments = new FromLog<>(ENROLMENT);
    FromLog<RejectionRows.Row> rejections = new FromLog<>(REJECTION);
    return new Rebuild() {
      @Override
      public void entry(long index, Statement statement) {
        enrolments.entry(index, statement);
        rejections.entry(index, statement);
      }

      @Override
      public List<Finding> compare(long treeSize) {
        List<Finding> findings = new ArrayList<>();
        enrolments.compare(jdbc, treeSize, findings, null);
        rejections.compare(jdbc, treeSize, findings, null);
        return findings;
      }
    };
  }

  @Override
  public Replay replay() {
    FromLog<EnrolmentRows.Row> enrolments = new FromLog<>(ENROLMENT);
    FromLog<RejectionRows.Row> rejections = new FromLog<>(REJECTION);
    return new Replay() {
      @Override
      public void entry(long index, Statement statement) {
        enrolments.entry(index, statement);
        rejections.entry(index, statement);
      }

      @Override
      public Restored finish(long treeSize) {
        Map<String, Long> restored = new LinkedHashMap<>();
        long leftAlone =
            enrolments.compare(jdbc, treeSize, new ArrayList<>(), restored)
                + rejections.compare(jdbc, treeSize, new ArrayList<>(), restored);
        return new Restored(restored, leftAlone);
      }
    };
  }

  /** The rows one table's entries establish, by enrolment, in log order. */
  private static final class FromLog<R> {
    private final Table<R> table;
    private final Map<UUID, Stored<R>> rows = new LinkedHashMap<>();
    private final List<Finding> twice = new ArrayList<>();

    FromLog(Table<R> table) {
      this.table = table;
    }

    void entry(long index, Statement statement) {
      table
          .derive()
          .apply(statement)
          .ifPresent(
              row -> {
                UUID id = table.enrolment().apply(row);
                if (rows.putIfAbsent(id, new Stored<>(row, index)) != null) {
                  twice.add(
                      Finding.ofEntry(
                          index, table.event() + " of enrolment " + id + " a second time"));
                }
              });
    }

    /**
     * Adds a finding for every row that is missing, extra or different; with {@code restore},
     * inserts the missing rows instead of naming them.
     *
     * @return how many rows it left alone: extra or different ones, and missing ones it could not
     *     insert because another row holds their key
     */
    long compare(
        JdbcTemplate jdbc,
        long treeSize,
        List<Finding> findings,
        @Nullable Map<String, Long> restore) {
      findings.addAll(twice);
      long leftAlone = 0;
      Map<UUID, Stored<R>> stored = new LinkedHashMap<>();
      for (Stored<R> s : table.stored().apply(jdbc)) {
        if (s.entryIndex() < treeSize) {
          stored.put(table.enrolment().apply(s.row()), s);
        }
      }
      for (Map.Entry<UUID, Stored<R>> e : stored.entrySet()) {
        Stored<R> logged = rows.get(e.getKey());
        if (logged == null) {
          leftAlone++;
          findings.add(
              Finding.ofBundle(
                  table.name()
                      + " row "
                      + e.getKey()
                      + " has no "
                      + table.event()
                      + " entry in the log"));
        } else if (!logged.equals(e.getValue())) {
          leftAlone++;
          findings.add(
              Finding.ofEntry(
                  logged.entryIndex(),
                  table.name()
                      + " row "
                      + e.getKey()
                      + " differs from the "
                      + table.event()
                      + " entry"));
        }
      }
      for (Map.Entry<UUID, Stored<R>> e : rows.entrySet()) {
        Stored<R> logged = e.getValue();
        if (logged.entryIndex() >= treeSize || stored.containsKey(e.getKey())) {
          continue;
        }
        if (restore == null) {
          findings.add(
              Finding.ofEntry(
                  logged.entryIndex(),
                  table.event()
                      + " of enrolment "
                      + e.getKey()
                      + ", which has no "
                      + table.name()
                      + " row"));
        } else if (table.restorer().insertIfAbsent(jdbc, logged.row(), logged.entryIndex())) {
          restore.merge(table.name(), 1L, Long::sum);
        } else {
          leftAlone++;
        }
      }
      return leftAlone;
    }
  }
}
