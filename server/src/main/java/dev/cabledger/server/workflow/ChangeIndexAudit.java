package dev.cabledger.server.workflow;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeReplanned;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.events.ProjectionAudit;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the change index from the log and compares it with the stored rows: every entry about a
 * change has its {@code change_entry} row naming the same change and type, no row names an entry
 * that is not about that change, and each {@code change_request} row states what the change's
 * entries state (client, requester, current plan, latest entry, and the policy's status as of that
 * entry).
 */
@Component
final class ChangeIndexAudit implements ProjectionAudit {
  private final JdbcTemplate jdbc;
  private final ChangeRecords records;

  ChangeIndexAudit(JdbcTemplate jdbc, ChangeRecords records) {
    this.jdbc = jdbc;
    this.records = records;
  }

  private record Indexed(String changeId, String type) {}

  private record Expected(
      long index, String client, String requester, String planHash, long lastIndex) {}

  @Override
  public Rebuild rebuild() {
    Map<Long, Indexed> entries = new TreeMap<>();
    Map<String, Expected> changes = new HashMap<>();
    return new Rebuild() {
      @Override
      public void entry(long index, Statement statement) {
        EventData data = statement.predicate().data();
        // Pipeline notes go through the generic endpoint and are not a change's entries.
        if (!(data instanceof EventData.OfChange) || data.type() == EventType.PIPELINE_NOTE) {
          return;
        }
        String id = statement.subjectName();
        entries.put(index, new Indexed(id, data.type().name()));
        Expected known = changes.get(id);
        if (data instanceof ChangeSubmitted s) {
          changes.put(
              id,
              new Expected(
                  index,
                  s.client().value(),
                  statement.predicate().actor().subject(),
                  s.planHash().hex(),
                  index));
        } else if (known != null && data.type() != EventType.GATE_EVALUATED) {
          // A gate answer is indexed but not part of the history: last_idx stays.
          String plan = data instanceof ChangeReplanned r ? r.planHash().hex() : known.planHash();
          changes.put(
              id, new Expected(known.index(), known.client(), known.requester(), plan, index));
        }
      }

      @Override
      public List<Finding> compare(long treeSize) {
        List<Finding> findings = new ArrayList<>();
        Map<Long, Indexed> rows = new TreeMap<>();
        jdbc.query(
            "SELECT entry_idx, change_id, event_type FROM change_entry WHERE entry_idx < ?",
            rs -> {
              rows.put(rs.getLong(1), new Indexed(rs.getString(2), rs.getString(3)));
            },
            treeSize);
        for (Map.Entry<Long, Indexed> e : entries.entrySet()) {
          Indexed row = rows.get(e.getKey());
          if (row == null) {
            findings.add(
                Finding.ofEntry(
                    e.getKey(),
                    "is about change " + e.getValue().changeId() + " but has no change_entry row"));
          } else if (!row.equals(e.getValue())) {
            findings.add(
                Finding.ofEntry(
                    e.getKey(),
                    "change_entry row says "
                        + row.type()
                        + " of "
                        + row.changeId()
                        + "; the entry is "
                        + e.getValue().type()
                        + " of "
                        + e.getValue().changeId()));
          }
        }
        for (Map.Entry<Long, Indexed> r : rows.entrySet()) {
          if (!entries.containsKey(r.getKey())) {
            findings.add(
                Finding.ofEntry(
                    r.getKey(),
                    "change_entry row names it as "
                        + r.getValue().type()
                        + " of "
                        + r.getValue().changeId()
                        + ", which the entry is not"));
          }
        }
        compareChanges(changes, treeSize, findings);
        return findings;
      }
    };
  }

  private record Row(String id, Expected stored, String status) {}

  private void compareChanges(Map<String, Expected> changes, long treeSize, List<Finding> out) {
    // Read every row first: the status check below queries again, and a connection should not
    // be held by an open cursor meanwhile.
    List<Row> rows =
        jdbc.query(
            "SELECT change_id, client, entry_idx, plan_hash, requester, status, last_idx"
                + " FROM change_request WHERE entry_idx < ?",
            (rs, n) ->
                new Row(
                    rs.getString(1),
                    new Expected(
                        rs.getLong(3),
                        rs.getString(2),
                        rs.getString(5),
                        rs.getString(4),
                        rs.getLong(7)),
                    rs.getString(6)),
            treeSize);
    Map<String, Row> seen = new HashMap<>();
    for (Row row : rows) {
      seen.put(row.id(), row);
      Expected e = changes.get(row.id());
      if (e == null) {
        out.add(
            Finding.ofBundle(
                "change_request row " + row.id() + " has no CHANGE_SUBMITTED entry in the log"));
        continue;
      }
      Expected stored = row.stored();
      // Entries appended after the audited size may have moved last_idx on.
      boolean later = stored.lastIndex() >= treeSize;
      Expected wanted =
          new Expected(
              e.index(),
              e.client(),
              e.requester(),
              e.planHash(),
              later ? stored.lastIndex() : e.lastIndex());
      if (!later && !stored.equals(wanted)) {
        out.add(
            Finding.ofEntry(
                e.index(),
                "change_request row " + row.id() + " differs from the change's entries"));
      } else if (!later) {
        String expected = status(row.id());
        if (!expected.equals(row.status())) {
          out.add(
              Finding.ofEntry(
                  e.index(),
                  "change_request row "
                      + row.id()
                      + " says status "
                      + row.status()
                      + "; the policy gives "
                      + expected
                      + " as of its latest entry"));
        }
      }
    }
    for (Map.Entry<String, Expected> e : changes.entrySet()) {
      if (!seen.containsKey(e.getKey())) {
        out.add(
            Finding.ofEntry(
                e.getValue().index(),
                "submits change " + e.getKey() + ", which has no change_request row"));
      }
    }
  }

  private String status(String changeId) {
    Optional<ChangeHistory> history;
    try {
      history = ChangeRecords.history(jdbc, changeId);
    } catch (LedgerIntegrityException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
    return history
        .map(h -> records.assess(h, h.events().getLast().createdAt()).status().json())
        .orElse("missing");
  }
}
