package dev.cabledger.server.workflow;

import dev.cabledger.server.workflow.ProjectionTable.Column;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Compares the rows the log establishes, fed entry by entry in index order, with the rows the
 * projection tables hold, read in the same order ({@link TableCursor}): every row is missing,
 * extra, differs in columns the entry states, or is in place. It holds one page per table, never
 * the log or a table.
 */
final class ProjectionMerge {
  /** What the merge finds, row by row. */
  interface Outcome {
    /** The entry establishes the row; the table has no row for that entry. */
    void missing(ProjectedRow expected);

    /** The table's row for the entry, with the columns that differ from what it states. */
    void found(ProjectedRow expected, StoredRow stored, List<Difference> differences);

    /** A row naming an entry that establishes no row of its table. */
    void extra(StoredRow stored);
  }

  /**
   * A column whose stored value is not the one the entry states.
   *
   * @param column the column
   * @param stored its value in the table (empty: NULL)
   * @param expected the value the entry states (empty: NULL)
   */
  record Difference(String column, Optional<Object> stored, Optional<Object> expected) {
    @Override
    public String toString() {
      return column + " is " + text(stored) + " but the entry says " + text(expected);
    }

    private static String text(Optional<Object> value) {
      return value.map(v -> v instanceof String s ? "\"" + s + "\"" : v.toString()).orElse("NULL");
    }
  }

  private final Map<ProjectionTable, TableCursor> cursors = new LinkedHashMap<>();
  private final Outcome outcome;
  private long next = Long.MIN_VALUE;

  ProjectionMerge(JdbcTemplate jdbc, List<ProjectionTable> tables, Outcome outcome) {
    for (ProjectionTable t : tables) {
      cursors.put(t, new TableCursor(jdbc, t));
    }
    this.outcome = outcome;
  }

  /**
   * The rows of the entry at {@code index}; entries come in increasing index order.
   *
   * @throws IllegalArgumentException if a row names another entry, a table twice, or a table this
   *     merge does not read
   */
  void expect(long index, List<ProjectedRow> rows) {
    if (index < next) {
      throw new IllegalArgumentException("entry " + index + " comes after entry " + (next - 1));
    }
    next = index + 1;
    Set<ProjectionTable> seen = new HashSet<>();
    for (ProjectedRow row : rows) {
      TableCursor cursor = cursors.get(row.table());
      if (cursor == null || row.entryIndex() != index || !seen.add(row.table())) {
        throw new IllegalArgumentException("entry " + index + " cannot establish " + row);
      }
      extrasBelow(cursor, index);
      Optional<StoredRow> head = cursor.peek().filter(s -> s.entryIndex() == index);
      if (head.isEmpty()) {
        outcome.missing(row);
      } else {
        outcome.found(row, cursor.take(), differences(row, head.get()));
      }
    }
  }

  /** Ends the merge at the audited size: every row still unread below it is extra. */
  void finish(long treeSize) {
    for (TableCursor cursor : cursors.values()) {
      extrasBelow(cursor, treeSize);
    }
  }

  private void extrasBelow(TableCursor cursor, long end) {
    while (cursor.peek().filter(s -> s.entryIndex() < end).isPresent()) {
      outcome.extra(cursor.take());
    }
  }

  private static List<Difference> differences(ProjectedRow expected, StoredRow stored) {
    List<Difference> out = new ArrayList<>();
    for (Column c : expected.table().stated()) {
      Optional<Object> want = expected.value(c.name());
      Optional<Object> have = stored.value(c.name());
      if (!want.equals(have)) {
        out.add(new Difference(c.name(), have, want));
      }
    }
    return out;
  }
}
