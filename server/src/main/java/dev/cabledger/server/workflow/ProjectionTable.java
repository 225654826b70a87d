package dev.cabledger.server.workflow;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A workflow projection table as the writers, the ledger check and the rebuild see it: its name,
 * the column that names a row (its key), and each column with where its value comes from. Every
 * such table has an {@code entry_idx} column, unique in the table, naming the entry its row derives
 * from: so a table and the log can be compared in one pass, both read in index order, holding
 * neither in memory.
 *
 * @param name the table's name
 * @param key the column that names a row in findings (the primary key)
 * @param columns every column, in the order of the migration
 */
public record ProjectionTable(String name, String key, List<Column> columns) {
  /** The column naming the entry a row derives from. */
  public static final String ENTRY_INDEX = "entry_idx";

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

  /** How a column's value is held in Java and bound in SQL. */
  public enum Type {
    /** A {@code String}. */
    TEXT,
    /** A {@code Long}. */
    INTEGER,
    /** Bytes (only for values the log does not hold). */
    BYTES
  }

  /** Where a column's value comes from. */
  public enum Source {
    /** The statement of the entry the row derives from: compared with it by the ledger check. */
    ENTRY,
    /**
     * The change's entries as a whole ({@code change_request}'s current plan, status and latest
     * entry): written as of the submission, recomputed with each entry of the change, and checked
     * per change.
     */
    CHANGE,
    /**
     * Not in the log (a sealed package's bytes): written by its feature with the entry, never
     * restored from the log, checked by the feature ({@link ChangeEventRows#checkOutside}).
     */
    OUTSIDE
  }

  /**
   * A column.
   *
   * @param name its name
   * @param type how its value is held
   * @param source where its value comes from
   */
  public record Column(String name, Type type, Source source) {
    public Column {
      if (!IDENTIFIER.matcher(name).matches()) {
        throw new IllegalArgumentException("not a column name: " + name);
      }
      if (type == Type.BYTES && source != Source.OUTSIDE) {
        throw new IllegalArgumentException(
            "column " + name + ": only values the log does not hold are bytes");
      }
    }

    /** A column stated by the entry. */
    public static Column entry(String name, Type type) {
      return new Column(name, type, Source.ENTRY);
    }
  }

  public ProjectionTable {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("not a table name: " + name);
    }
    columns = List.copyOf(columns);
    Set<String> names = new HashSet<>();
    for (Column c : columns) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException(
            "table " + name + " names column " + c.name() + " twice");
      }
    }
    if (!columns.contains(Column.entry(ENTRY_INDEX, Type.INTEGER))) {
      throw new IllegalArgumentException(
          "table " + name + " has no " + ENTRY_INDEX + " column stated by the entry");
    }
    if (columns.stream().noneMatch(c -> c.name().equals(key) && c.source() == Source.ENTRY)) {
      throw new IllegalArgumentException(
          "table " + name + ": its key " + key + " is not a column stated by the entry");
    }
  }

  /** The column of that name. */
  public Column column(String column) {
    return columns.stream()
        .filter(c -> c.name().equals(column))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("table " + name + " has no " + column));
  }

  /** Whether a row can be written from the log alone: no column of the row is kept elsewhere. */
  public boolean fromLogAlone() {
    return columns.stream().noneMatch(c -> c.source() == Source.OUTSIDE);
  }

  /** The columns an entry states, which the ledger check compares with it. */
  List<Column> stated() {
    return columns.stream().filter(c -> c.source() == Source.ENTRY).toList();
  }

  /** The columns that hold values of the log (stated by an entry or by the change's entries). */
  List<Column> fromLog() {
    return columns.stream().filter(c -> c.source() != Source.OUTSIDE).toList();
  }

  @Override
  public String toString() {
    return name;
  }
}
