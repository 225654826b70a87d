package dev.cabledger.server.workflow;

import dev.cabledger.server.workflow.ProjectionTable.Column;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads a projection table in {@code entry_idx} order, a page at a time, so that it can be merged
 * with the log read in the same order: at most one page is held, and no cursor stays open between
 * pages (the log is read with other queries meanwhile).
 */
final class TableCursor {
  static final int PAGE = 500;

  private final JdbcTemplate jdbc;
  private final ProjectionTable table;
  private final ArrayDeque<StoredRow> page = new ArrayDeque<>();
  private final String select;
  private Optional<Long> last = Optional.empty();
  private boolean exhausted;

  TableCursor(JdbcTemplate jdbc, ProjectionTable table) {
    this.jdbc = jdbc;
    this.table = table;
    this.select =
        "SELECT "
            + String.join(", ", table.fromLog().stream().map(Column::name).toList())
            + " FROM "
            + table.name();
  }

  ProjectionTable table() {
    return table;
  }

  /** The next row, without taking it. */
  Optional<StoredRow> peek() {
    if (page.isEmpty() && !exhausted) {
      load();
    }
    return Optional.ofNullable(page.peekFirst());
  }

  /** Takes the next row. */
  StoredRow take() {
    return peek().map(r -> page.removeFirst()).orElseThrow();
  }

  private void load() {
    String order = " ORDER BY " + ProjectionTable.ENTRY_INDEX + " LIMIT ?";
    List<StoredRow> rows =
        last.isEmpty()
            ? jdbc.query(select + order, (rs, n) -> row(rs), PAGE)
            : jdbc.query(
                select + " WHERE " + ProjectionTable.ENTRY_INDEX + " > ?" + order,
                (rs, n) -> row(rs),
                last.get(),
                PAGE);
    // Once read to the end, stay there: rows inserted behind the reader (a rebuild's) or after
    // the audited size (new appends) are not this pass's to see.
    exhausted = rows.size() < PAGE;
    page.addAll(rows);
    if (!rows.isEmpty()) {
      last = Optional.of(rows.getLast().entryIndex());
    }
  }

  private StoredRow row(ResultSet rs) throws SQLException {
    Map<String, Optional<Object>> values = new HashMap<>();
    for (Column c : table.fromLog()) {
      Object v =
          switch (c.type()) {
            case TEXT -> rs.getString(c.name());
            case INTEGER -> {
              long n = rs.getLong(c.name());
              yield rs.wasNull() ? null : n;
            }
            case BYTES -> throw new IllegalStateException(c.name() + " is not a value of the log");
          };
      values.put(c.name(), Optional.ofNullable(v));
    }
    return new StoredRow(table, rs.getLong(ProjectionTable.ENTRY_INDEX), values);
  }
}
