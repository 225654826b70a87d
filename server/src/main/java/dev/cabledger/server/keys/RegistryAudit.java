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
 * Rebuilds the key registry from the log's {@code KEY_REGISTERED} entries and compares it with the
 * {@code registered_key} rows: a row without its entry (an inserted key), an entry without its row,
 * or a row that says something else is a finding.
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
    List<Finding> findings = new ArrayList<>();
    return new Rebuild() {
      @Override
      public void entry(long index, Statement statement) {
        if (statement.predicate().eventType() != EventType.KEY_REGISTERED) {
          return;
        }
        try {
          RegisteredKey key = KeyRegistration.key(statement);
          if (fromLog.putIfAbsent(key.keyId().value(), new Registration(index, key)) != null) {
            findings.add(Finding.ofEntry(index, "registers key " + key.keyId() + " a second time"));
          }
        } catch (IllegalArgumentException e) {
          findings.add(
              Finding.ofEntry(index, "KEY_REGISTERED entry is malformed: " + e.getMessage()));
        }
      }

      @Override
      public List<Finding> compare(long treeSize) {
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
        return findings;
      }
    };
  }

  private record Registration(long index, RegisteredKey key) {}
}
