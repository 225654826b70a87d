package dev.cabledger.server.keys;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.events.ProjectionAudit;
import dev.cabledger.server.events.ProjectionRestore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the key registry's rows from the log's {@code KEY_REGISTERED}, {@code KEY_RETIRED} and
 * {@code KEY_COMPROMISED} entries ({@link KeyRegistry#project}, the writer's derivation) and
 * compares them with the {@code registered_key} and {@code key_end} rows: a row without its entry
 * (an inserted key or end), an entry without its row (a deleted end would make a retired key look
 * valid), or a row that says something else is a finding. The rebuild restores the missing rows the
 * same way, leaving every existing row as it is.
 */
@Component
final class RegistryAudit implements ProjectionAudit, ProjectionRestore {
  private final KeyRegistry registry;
  private final JdbcTemplate jdbc;

  RegistryAudit(KeyRegistry registry, JdbcTemplate jdbc) {
    this.registry = registry;
    this.jdbc = jdbc;
  }

  @Override
  public Rebuild rebuild() {
    FromLog log = new FromLog();
    return new Rebuild() {
      @Override
      public void entry(long index, Statement statement) {
        log.entry(index, statement);
      }

      @Override
      public List<Finding> compare(long treeSize) {
        List<Finding> findings = new ArrayList<>(log.findings);
        compareRegistrations(log, treeSize, findings);
        compareEnds(log, treeSize, findings);
        return findings;
      }
    };
  }

  @Override
  public Replay replay() {
    FromLog log = new FromLog();
    return new Replay() {
      @Override
      public void entry(long index, Statement statement) {
        log.entry(index, statement);
      }

      @Override
      public Restored finish(long treeSize) {
        Map<String, Long> restored = new LinkedHashMap<>();
        Map<String, KeyRegistry.Row> rows = registrations(treeSize);
        for (Logged logged : log.registrations.values()) {
          if (logged.index() < treeSize && !rows.containsKey(logged.id())) {
            restore(logged, "registered_key", restored);
          }
        }
        Map<String, KeyRegistry.EndRow> ends = ends(treeSize);
        for (Logged logged : log.ends.values()) {
          if (logged.index() < treeSize && !ends.containsKey(logged.id())) {
            restore(logged, "key_end", restored);
          }
        }
        // What the check still names: rows that differ or that the log does not establish, and
        // missing ones another row kept out.
        List<Finding> left = new ArrayList<>();
        compareRegistrations(log, treeSize, left);
        compareEnds(log, treeSize, left);
        return new Restored(restored, left.size());
      }
    };
  }

  private void restore(Logged logged, String table, Map<String, Long> restored) {
    if (KeyRegistry.restore(jdbc, logged.index(), logged.statement()) == 1) {
      restored.merge(table, 1L, Long::sum);
    }
  }

  private Map<String, KeyRegistry.Row> registrations(long treeSize) {
    Map<String, KeyRegistry.Row> rows = new LinkedHashMap<>();
    for (KeyRegistry.Row row : registry.rows()) {
      if (row.entryIndex() < treeSize) {
        rows.put(row.key().keyId().value(), row);
      }
    }
    return rows;
  }

  private Map<String, KeyRegistry.EndRow> ends(long treeSize) {
    Map<String, KeyRegistry.EndRow> rows = new LinkedHashMap<>();
    for (KeyRegistry.EndRow row : registry.endRows()) {
      if (row.entryIndex() < treeSize) {
        rows.put(endKey(row.end()), row);
      }
    }
    return rows;
  }

  private void compareRegistrations(FromLog log, long treeSize, List<Finding> findings) {
    Map<String, KeyRegistry.Row> rows = registrations(treeSize);
    for (KeyRegistry.Row row : rows.values()) {
      Logged logged = log.registrations.get(row.key().keyId().value());
      if (logged == null) {
        findings.add(
            Finding.ofBundle(
                "registered_key row for "
                    + row.key().keyId()
                    + " has no KEY_REGISTERED entry in the log"));
      } else if (logged.index() != row.entryIndex()
          || !KeyRegistration.key(logged.statement()).equals(row.key())) {
        findings.add(
            Finding.ofEntry(
                logged.index(),
                "registered_key row for "
                    + row.key().keyId()
                    + " differs from the KEY_REGISTERED entry"));
      }
    }
    for (Logged logged : log.registrations.values()) {
      if (logged.index() < treeSize && !rows.containsKey(logged.id())) {
        findings.add(
            Finding.ofEntry(
                logged.index(),
                "registers key " + logged.id() + ", which has no registered_key row"));
      }
    }
  }

  private void compareEnds(FromLog log, long treeSize, List<Finding> findings) {
    Map<String, KeyRegistry.EndRow> rows = ends(treeSize);
    for (Map.Entry<String, KeyRegistry.EndRow> e : rows.entrySet()) {
      Logged logged = log.ends.get(e.getKey());
      KeyRegistry.EndRow row = e.getValue();
      if (logged == null) {
        findings.add(
            Finding.ofBundle(
                "key_end row ("
                    + e.getKey()
                    + ") has no KEY_RETIRED or KEY_COMPROMISED entry in the log"));
      } else if (logged.index() != row.entryIndex()
          || !KeyRegistration.end(logged.statement()).orElseThrow().equals(row.end())) {
        findings.add(
            Finding.ofEntry(
                logged.index(), "key_end row (" + e.getKey() + ") differs from the entry"));
      }
    }
    for (Logged logged : log.ends.values()) {
      if (logged.index() < treeSize && !rows.containsKey(logged.id())) {
        findings.add(
            Finding.ofEntry(
                logged.index(), "ends a key (" + logged.id() + "), which has no key_end row"));
      }
    }
  }

  private static String endKey(KeyRegistration.End end) {
    return end.how().json() + " " + end.keyId();
  }

  /**
   * An entry that establishes a row, by the row's key.
   *
   * @param id the row's key: the key id, or how and key id for an end
   * @param index the entry
   * @param statement its statement, from which the row derives
   */
  private record Logged(String id, long index, Statement statement) {}

  /** The rows the log's key entries establish, in log order. */
  private static final class FromLog {
    final Map<String, Logged> registrations = new LinkedHashMap<>();
    final Map<String, Logged> ends = new LinkedHashMap<>();
    final List<Finding> findings = new ArrayList<>();

    void entry(long index, Statement statement) {
      try {
        if (statement.predicate().eventType() == EventType.KEY_REGISTERED) {
          RegisteredKey key = KeyRegistration.key(statement);
          String id = key.keyId().value();
          if (registrations.putIfAbsent(id, new Logged(id, index, statement)) != null) {
            findings.add(Finding.ofEntry(index, "registers key " + id + " a second time"));
          }
        }
        // Only a key's first end of each kind has a row (the service refuses a second one).
        KeyRegistration.end(statement)
            .ifPresent(
                end -> ends.putIfAbsent(endKey(end), new Logged(endKey(end), index, statement)));
      } catch (IllegalArgumentException e) {
        findings.add(
            Finding.ofEntry(
                index,
                statement.predicate().eventType() + " entry is malformed: " + e.getMessage()));
      }
    }
  }
}
