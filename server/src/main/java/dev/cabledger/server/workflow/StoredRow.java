package dev.cabledger.server.workflow;

import java.util.Map;
import java.util.Optional;

/**
 * A row as a projection table holds it: the columns that hold values of the log, each empty when
 * NULL.
 *
 * @param table the table
 * @param entryIndex its {@code entry_idx}
 * @param values each column of {@link ProjectionTable#fromLog()}
 */
record StoredRow(ProjectionTable table, long entryIndex, Map<String, Optional<Object>> values) {
  StoredRow {
    values = Map.copyOf(values);
  }

  /** The value of a column; empty for NULL. */
  Optional<Object> value(String column) {
    Optional<Object> v = values.get(column);
    if (v == null) {
      throw new IllegalArgumentException(table + " rows are not read with " + column);
    }
    return v;
  }

  @Override
  public String toString() {
    return table + " row (" + table.key() + " " + value(table.key()).orElse("NULL") + ")";
  }
}
