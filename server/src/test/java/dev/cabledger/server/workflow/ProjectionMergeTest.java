package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The merge of the rows the log establishes with a table read a page at a time. */
class ProjectionMergeTest {
  private static final int ROWS = 2 * TableCursor.PAGE + 200;

  /** What a merge found, as text. */
  private static final class Found implements ProjectionMerge.Outcome {
    final List<String> seen = new ArrayList<>();

    @Override
    public void missing(ProjectedRow expected) {
      seen.add("missing " + expected.entryIndex());
    }

    @Override
    public void found(
        ProjectedRow expected, StoredRow stored, List<ProjectionMerge.Difference> differences) {
      differences.forEach(d -> seen.add("differs " + expected.entryIndex() + ": " + d));
    }

    @Override
    public void extra(StoredRow stored) {
      seen.add("extra " + stored.entryIndex());
    }
  }

  private static ProjectedRow indexRow(long index) {
    return ProjectedRow.of(WorkflowTables.CHANGE_ENTRY)
        .integer("entry_idx", index)
        .text("change_id", "CR-" + index)
        .text("event_type", "GATE_EVALUATED")
        .build();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void expect_tableOfSeveralPages_findsEachMissingDifferingAndExtraRowAcrossPageEdges(
      Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend).migrate()) {
      JdbcTemplate jdbc = db.jdbc();
      List<Object[]> stored = new ArrayList<>();
      for (long i = 0; i < ROWS; i++) {
        // Missing: the last row of the first page the reader would see, the first of the next,
        // and one further on.
        if (i != TableCursor.PAGE - 1 && i != TableCursor.PAGE && i != 2L * TableCursor.PAGE) {
          stored.add(new Object[] {i, "CR-" + i, i == 750 ? "CAB_APPROVED" : "GATE_EVALUATED"});
        }
      }
      // Rows naming entries that establish none: one below the audited size, one at it (an
      // append after the audited checkpoint, not this check's to judge).
      stored.add(new Object[] {(long) ROWS + 3, "CR-x", "GATE_EVALUATED"});
      stored.add(new Object[] {(long) ROWS + 10, "CR-y", "GATE_EVALUATED"});
      jdbc.batchUpdate(
          "INSERT INTO change_entry (entry_idx, change_id, event_type) VALUES (?, ?, ?)", stored);
      Found found = new Found();
      ProjectionMerge merge =
          new ProjectionMerge(jdbc, List.of(WorkflowTables.CHANGE_ENTRY), found);

      for (long i = 0; i < ROWS; i++) {
        merge.expect(i, List.of(indexRow(i)));
      }
      merge.finish(ROWS + 10);

      assertThat(found.seen)
          .containsExactly(
              "missing " + (TableCursor.PAGE - 1),
              "missing " + TableCursor.PAGE,
              "differs 750: event_type is \"CAB_APPROVED\" but the entry says \"GATE_EVALUATED\"",
              "missing " + 2 * TableCursor.PAGE,
              "extra " + (ROWS + 3));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void expect_entriesOutOfOrderOrARowOfAnotherEntry_refused(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend).migrate()) {
      ProjectionMerge merge =
          new ProjectionMerge(db.jdbc(), List.of(WorkflowTables.CHANGE_ENTRY), new Found());
      merge.expect(5, List.of(indexRow(5)));

      assertThatThrownBy(() -> merge.expect(4, List.of(indexRow(4))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("entry 4 comes after entry 5");
      assertThatThrownBy(() -> merge.expect(6, List.of(indexRow(7))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("entry 6 cannot establish change_entry row (entry_idx 7)");
    }
  }
}
