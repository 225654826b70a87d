package dev.cabledger.server.freezes;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.server.events.ProjectionAudit;
import dev.cabledger.server.events.ProjectionRestore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the freeze rows from the log's {@code FREEZE_DECLARED} entries and compares them with
 * the stored ones: a row without its entry (a freeze inserted, or one moved to other clients), an
 * entry without its rows (a freeze hidden from the gate), or rows that say something else is a
 * finding. The rebuild restores the missing rows the same way ({@link FreezeRows}), leaving every
 * existing row as it is.
 */
@Component
final class FreezeAudit implements ProjectionAudit, ProjectionRestore {
  private final JdbcTemplate jdbc;

  FreezeAudit(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Rebuild rebuild() {
    Map<Long, FreezeRows> fromLog = new LinkedHashMap<>();
    return new Rebuild() {
      @Override
      public void entry(long index, Statement statement) {
        if (statement.predicate().data() instanceof FreezeDeclared freeze) {
          fromLog.put(index, FreezeRows.of(freeze));
        }
      }

      @Override
      public List<Finding> compare(long treeSize) {
        return FreezeAudit.this.compare(fromLog, treeSize);
      }
    };
  }

  @Override
  public Replay replay() {
    Map<Long, FreezeRows> fromLog = new LinkedHashMap<>();
    return new Replay() {
      @Override
      public void entry(long index, Statement statement) {
        if (statement.predicate().data() instanceof FreezeDeclared freeze) {
          fromLog.put(index, FreezeRows.of(freeze));
        }
      }

      @Override
      public Restored finish(long treeSize) {
        Map<String, Long> restored = new LinkedHashMap<>();
        fromLog.forEach(
            (index, rows) -> {
              if (index < treeSize) {
                rows.restore(jdbc, index, restored);
              }
            });
        // What the check still names: rows that differ or that the log does not establish.
        return new Restored(restored, compare(fromLog, treeSize).size());
      }
    };
  }

  private List<Finding> compare(Map<Long, FreezeRows> fromLog, long treeSize) {
    Map<Long, FreezeRows> stored = stored(treeSize);
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<Long, FreezeRows> row : stored.entrySet()) {
      FreezeRows logged = fromLog.get(row.getKey());
      if (logged == null) {
        findings.add(
            Finding.ofBundle(
                "freeze rows for entry "
                    + row.getKey()
                    + " (freeze "
                    + row.getValue().freezeId()
                    + ") have no FREEZE_DECLARED entry in the log"));
      } else if (!logged.equals(row.getValue())) {
        findings.add(
            Finding.ofEntry(row.getKey(), "freeze rows differ from the FREEZE_DECLARED entry"));
      }
    }
    for (Map.Entry<Long, FreezeRows> e : fromLog.entrySet()) {
      if (e.getKey() < treeSize && !stored.containsKey(e.getKey())) {
        findings.add(
            Finding.ofEntry(
                e.getKey(),
                "declares freeze " + e.getValue().freezeId() + ", which has no freeze row"));
      }
    }
    return findings;
  }

  /** The stored rows of the entries before {@code treeSize}, by entry index. */
  private Map<Long, FreezeRows> stored(long treeSize) {
    Map<Long, String> ids = new LinkedHashMap<>();
    Map<Long, Optional<Long>> ends = new HashMap<>();
    jdbc.query(
        "SELECT entry_idx, freeze_id, ends_at_ms FROM declared_freeze WHERE entry_idx < ?",
        rs -> {
          long index = rs.getLong(1);
          ids.put(index, rs.getString(2));
          long end = rs.getLong(3);
          ends.put(index, rs.wasNull() ? Optional.empty() : Optional.of(end));
        },
        treeSize);
    Map<Long, Set<FreezeRows.Scope>> scopes = new HashMap<>();
    jdbc.query(
        "SELECT entry_idx, client, environment FROM freeze_scope WHERE entry_idx < ?",
        rs -> {
          scopes
              .computeIfAbsent(rs.getLong(1), i -> new HashSet<>())
              .add(new FreezeRows.Scope(rs.getString(2), rs.getString(3)));
        },
        treeSize);
    Map<Long, FreezeRows> out = new LinkedHashMap<>();
    ids.forEach(
        (index, id) ->
            out.put(
                index, new FreezeRows(id, ends.get(index), scopes.getOrDefault(index, Set.of()))));
    // Scope rows without a freeze row: a freeze that would hold nothing the gate can read.
    scopes.forEach(
        (index, scope) ->
            out.putIfAbsent(index, new FreezeRows("(none)", Optional.empty(), scope)));
    return out;
  }
}
