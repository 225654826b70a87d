package dev.cabledger.server.workflow;

import dev.cabledger.server.workflow.ProjectionTable.Column;
import dev.cabledger.server.workflow.ProjectionTable.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A row of a projection table as the log establishes it: what the writer inserts with the entry,
 * what the ledger check expects to find and what the rebuild restores. A column without a value is
 * NULL.
 *
 * @param table the table
 * @param values the value of each column that has one ({@code String} for text, {@code Long} for
 *     integers); never a column kept outside the log
 */
public record ProjectedRow(ProjectionTable table, Map<String, Object> values) {
  public ProjectedRow {
    values = Map.copyOf(values);
    for (Map.Entry<String, Object> v : values.entrySet()) {
      Column c = table.column(v.getKey());
      if (c.source() == Source.OUTSIDE) {
        throw new IllegalArgumentException(
            table + "." + c.name() + " is not in the log: insert it with insertWith");
      }
      boolean fits =
          switch (c.type()) {
            case TEXT -> v.getValue() instanceof String;
            case INTEGER -> v.getValue() instanceof Long;
            case BYTES -> false;
          };
      if (!fits) {
        throw new IllegalArgumentException(
            table + "." + c.name() + " is " + c.type() + ", not " + v.getValue().getClass());
      }
    }
    for (String needed : List.of(table.key(), ProjectionTable.ENTRY_INDEX)) {
      if (!values.containsKey(needed)) {
        throw new IllegalArgumentException(table + " row needs its " + needed);
      }
    }
  }

  /** A row of the table, to be filled in. */
  public static Builder of(ProjectionTable table) {
    return new Builder(table);
  }

  /** The index of the entry the row derives from. */
  public long entryIndex() {
    return (Long) values.get(ProjectionTable.ENTRY_INDEX);
  }

  /** The value of its key column, as text. */
  public String key() {
    return values.get(table.key()).toString();
  }

  /** The value of a column of the table; empty for NULL. */
  public Optional<Object> value(String column) {
    table.column(column);
    return Optional.ofNullable(values.get(column));
  }

  /**
   * Inserts it, in the caller's transaction: a row already there under its key is a constraint
   * violation.
   *
   * @throws IllegalStateException if the table keeps values outside the log (use {@link
   *     #insertWith})
   */
  public void insert(JdbcTemplate jdbc) {
    requireFromLogAlone();
    jdbc.update(insertSql(List.of(), ""), arguments(List.of()));
  }

  /**
   * Inserts it with the value of its one column that the log does not hold.
   *
   * @param column the column kept outside the log
   * @param value its value
   */
  public void insertWith(JdbcTemplate jdbc, String column, byte[] value) {
    Column c = table.column(column);
    if (c.source() != Source.OUTSIDE) {
      throw new IllegalArgumentException(table + "." + column + " is not kept outside the log");
    }
    jdbc.update(insertSql(List.of(column), ""), arguments(List.of(value)));
  }

  /**
   * Inserts it unless a row holds its key or its entry already: that row stays as it is, for the
   * ledger check to compare.
   *
   * @return whether it was inserted
   */
  boolean insertIfAbsent(JdbcTemplate jdbc) {
    requireFromLogAlone();
    return jdbc.update(insertSql(List.of(), " ON CONFLICT DO NOTHING"), arguments(List.of())) == 1;
  }

  private void requireFromLogAlone() {
    if (!table.fromLogAlone()) {
      throw new IllegalStateException(
          "a " + table + " row holds values the log does not: it cannot be written from the log");
    }
  }

  private List<String> present() {
    return table.columns().stream().map(Column::name).filter(values::containsKey).toList();
  }

  private String insertSql(List<String> outside, String suffix) {
    List<String> columns = new ArrayList<>(present());
    columns.addAll(outside);
    return "INSERT INTO "
        + table.name()
        + " ("
        + String.join(", ", columns)
        + ") VALUES ("
        + String.join(", ", columns.stream().map(c -> "?").toList())
        + ")"
        + suffix;
  }

  private Object[] arguments(List<Object> outside) {
    List<Object> args = new ArrayList<>();
    for (String c : present()) {
      args.add(values.get(c));
    }
    args.addAll(outside);
    return args.toArray();
  }

  @Override
  public String toString() {
    return table + " row (" + table.key() + " " + key() + ")";
  }

  /** Fills in a row's columns. */
  public static final class Builder {
    private final ProjectionTable table;
    private final Map<String, Object> values = new HashMap<>();

    private Builder(ProjectionTable table) {
      this.table = table;
    }

    /** A text column's value. */
    public Builder text(String column, String value) {
      values.put(column, value);
      return this;
    }

    /** A text column's value, or NULL. */
    public Builder text(String column, Optional<String> value) {
      value.ifPresent(v -> values.put(column, v));
      return this;
    }

    /** An integer column's value. */
    public Builder integer(String column, long value) {
      values.put(column, value);
      return this;
    }

    public ProjectedRow build() {
      return new ProjectedRow(table, values);
    }
  }
}
