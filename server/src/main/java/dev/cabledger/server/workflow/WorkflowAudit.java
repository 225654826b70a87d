package dev.cabledger.server.workflow;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.server.events.ProjectionAudit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger check of every workflow projection table ({@link WorkflowTables}): the rows each entry
 * about a change establishes ({@link ChangeRows}, from the features' own {@link ChangeEventRows},
 * as the writer inserts them) against the stored rows, merged in index order, so that every row
 * that is missing, extra, or differs in a column the entry states is a finding naming the table,
 * the row's key and the column. Then each change's plan, status and latest entry against what its
 * entries give ({@link ChangeStates}).
 */
@Component
final class WorkflowAudit implements ProjectionAudit {
  private final JdbcTemplate jdbc;
  private final ChangeRecords records;
  private final List<ChangeEventRows> features;

  WorkflowAudit(JdbcTemplate jdbc, ChangeRecords records, List<ChangeEventRows> features) {
    this.jdbc = jdbc;
    this.records = records;
    this.features = List.copyOf(features);
  }

  @Override
  public Rebuild rebuild() {
    List<Finding> findings = new ArrayList<>();
    // Only entries whose index row is missing or files them elsewhere: bounded by the findings.
    Map<String, TreeSet<Long>> unindexed = new HashMap<>();
    ProjectionMerge merge =
        new ProjectionMerge(
            jdbc,
            WorkflowTables.ALL,
            new ProjectionMerge.Outcome() {
              @Override
              public void missing(ProjectedRow expected) {
                findings.add(
                    Finding.ofEntry(
                        expected.entryIndex(), expected + " is missing; the entry establishes it"));
                unindexed(expected);
              }

              @Override
              public void found(
                  ProjectedRow expected,
                  StoredRow stored,
                  List<ProjectionMerge.Difference> differences) {
                for (ProjectionMerge.Difference d : differences) {
                  findings.add(Finding.ofEntry(expected.entryIndex(), expected + ": " + d));
                }
                if (differences.stream().anyMatch(d -> d.column().equals("change_id"))) {
                  unindexed(expected);
                }
                for (ChangeEventRows f : features) {
                  for (String problem : f.checkOutside(jdbc, expected)) {
                    findings.add(Finding.ofEntry(expected.entryIndex(), problem));
                  }
                }
              }

              @Override
              public void extra(StoredRow stored) {
                String what =
                    stored
                        + " names entry "
                        + stored.entryIndex()
                        + ", which establishes no "
                        + stored.table()
                        + " row";
                findings.add(
                    stored.entryIndex() < 0
                        ? Finding.ofBundle(what)
                        : Finding.ofEntry(stored.entryIndex(), what));
              }

              private void unindexed(ProjectedRow expected) {
                if (expected.table() == WorkflowTables.CHANGE_ENTRY) {
                  String changeId = (String) expected.value("change_id").orElseThrow();
                  unindexed
                      .computeIfAbsent(changeId, c -> new TreeSet<>())
                      .add(expected.entryIndex());
                }
              }
            });
    return new Rebuild() {
      @Override
      public void entry(long index, Statement statement) {
        if (ChangeRows.indexed(statement)) {
          merge.expect(index, ChangeRows.of(index, statement, features));
        }
      }

      @Override
      public List<Finding> compare(long treeSize) {
        merge.finish(treeSize);
        new ChangeStates(jdbc, records)
            .forEach(
                treeSize,
                unindexed,
                new ChangeStates.Sink() {
                  @Override
                  public void state(ChangeStates.Stored stored, ChangeState expected) {
                    compareState(stored, expected, findings);
                  }

                  @Override
                  public void unreadable(ChangeStates.Stored stored, String why) {
                    findings.add(
                        Finding.ofEntry(
                            stored.entryIndex(),
                            "the entries of change "
                                + stored.changeId()
                                + " do not form a history, so its change_request row cannot be"
                                + " checked: "
                                + why));
                  }
                });
        return findings;
      }
    };
  }

  private static void compareState(
      ChangeStates.Stored stored, ChangeState expected, List<Finding> findings) {
    String row = "change_request row (change_id " + stored.changeId() + ")";
    String asOf = " as of entry " + expected.lastIndex();
    ChangeState have = stored.state();
    List<String> differences = new ArrayList<>();
    if (!have.planHash().equals(expected.planHash())) {
      differences.add(
          "plan_hash is \""
              + have.planHash()
              + "\" but the change's entries give \""
              + expected.planHash()
              + "\"");
    }
    if (!have.status().equals(expected.status())) {
      differences.add(
          "status is \""
              + have.status()
              + "\" but the policy gives \""
              + expected.status()
              + "\""
              + asOf);
    }
    if (have.lastIndex() != expected.lastIndex()) {
      differences.add(
          "last_idx is "
              + have.lastIndex()
              + " but the change's latest entry is "
              + expected.lastIndex());
    }
    for (String d : differences) {
      findings.add(Finding.ofEntry(stored.entryIndex(), row + ": " + d));
    }
  }
}
