package dev.cabledger.server.keys;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.events.ProjectionAudit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the key registry's rows from the log's {@code KEY_REGISTERED}, {@code KEY_RETIRED} and
 * {@code KEY_COMPROMISED} entries and compares them with the {@code registered_key} and {@code
 * key_end} rows: a row without its entry (an inserted key or end), an entry without its row (a
 * deleted end would make a retired key look valid), or a row that says something else is a finding.
 */
@Component
final class RegistryAudit implements ProjectionAudit {
  private final KeyRegistry registry;

  RegistryAudit(KeyRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Rebuild rebuild() {
    Map<String, Registration> fromLog = new LinkedHashMap<>();
    Map<String, Ended> endsFromLog = new LinkedHashMap<>();
    List<Finding> findings = new ArrayList<>();
    return new Rebuild() {
      @Override
      public void entry(long index, Statement statement) {
        try {
          if (statement.predicate().eventType() == EventType.KEY_REGISTERED) {
            RegisteredKey key = KeyRegistration.key(statement);
            if (fromLog.putIfAbsent(key.keyId().value(), new Registration(index, key)) != null) {
              findings.add(
                  Finding.ofEntry(index, "registers key " + key.keyId() + " a second time"));
            }
          }
          // Only a key's first end of each kind has a row (the service refuses a second one).
          KeyRegistration.end(statement)
              .ifPresent(end -> endsFromLog.putIfAbsent(endKey(end), new Ended(index, end)));
        } catch (IllegalArgumentException e) {
          findings.add(
              Finding.ofEntry(
                  index,
                  statement.predicate().eventType() + " entry is malformed: " + e.getMessage()));
        }
      }

      @Override
      public List<Finding> compare(long treeSize) {
        compareRegistrations(treeSize);
        compareEnds(treeSize);
        return findings;
      }

      private void compareRegistrations(long treeSize) {
        Map<String, KeyRegistry.Row> rows = new LinkedHashMap<>();
        for (KeyRegistry.Row row : registry.rows()) {
          if (row.entryIndex() < treeSize) {
            rows.put(row.key().keyId().value(), row);
          }
        }
        for (KeyRegistry.Row row : rows.values()) {
          Registration logged = fromLog.get(row.key().keyId().value());
          if (logged == null) {
            findings.add(
                Finding.ofBundle(
                    "registered_key row for "
                        + row.key().keyId()
                        + " has no KEY_REGISTERED entry in the log"));
          } else if (logged.index() != row.entryIndex() || !logged.key().equals(row.key())) {
            findings.add(
                Finding.ofEntry(
                    logged.index(),
                    "registered_key row for "
                        + row.key().keyId()
                        + " differs from the KEY_REGISTERED entry"));
          }
        }
        for (Map.Entry<String, Registration> e : fromLog.entrySet()) {
          if (!rows.containsKey(e.getKey())) {
            findings.add(
                Finding.ofEntry(
                    e.getValue().index(),
                    "registers key " + e.getKey() + ", which has no registered_key row"));
          }
        }
      }

      private void compareEnds(long treeSize) {
        Map<String, KeyRegistry.EndRow> rows = new LinkedHashMap<>();
        for (KeyRegistry.EndRow row : registry.endRows()) {
          if (row.entryIndex() < treeSize) {
            rows.put(endKey(row.end()), row);
          }
        }
        for (Map.Entry<String, KeyRegistry.EndRow> e : rows.entrySet()) {
          Ended logged = endsFromLog.get(e.getKey());
          KeyRegistry.EndRow row = e.getValue();
          if (logged == null) {
            findings.add(
                Finding.ofBundle(
                    "key_end row ("
                        + e.getKey()
                        + ") has no KEY_RETIRED or KEY_COMPROMISED entry in the log"));
          } else if (logged.index() != row.entryIndex() || !logged.end().equals(row.end())) {
            findings.add(
                Finding.ofEntry(
                    logged.index(), "key_end row (" + e.getKey() + ") differs from the entry"));
          }
        }
        for (Map.Entry<String, Ended> e : endsFromLog.entrySet()) {
          if (!rows.containsKey(e.getKey())) {
            findings.add(
                Finding.ofEntry(
                    e.getValue().index(),
                    "ends a key (" + e.getKey() + "), which has no key_end row"));
          }
        }
      }
    };
  }

  private static String endKey(KeyRegistration.End end) {
    return end.how().json() + " " + end.keyId();
  }

  private record Registration(long index, RegisteredKey key) {}

  private record Ended(long index, KeyRegistration.End end) {}
}
