package dev.cabledger.server.workflow;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A feature's query rows for the entries of the event types it owns, derived from the signed
 * statement alone. The same rows are inserted when the entry is appended, expected by the ledger
 * check and restored by a rebuild ({@code cab-ledger rebuild-projections}), so the three cannot
 * drift apart. Each workflow feature that keeps rows provides one bean.
 */
public interface ChangeEventRows {
  /** The event types whose entries this derives rows for. */
  Set<EventType> types();

  /**
   * The rows the entry at {@code index} establishes, at most one per table, each naming {@code
   * index} as its entry.
   */
  List<ProjectedRow> rows(long index, Statement statement);

  /**
   * What is wrong with the stored columns of a row that the log does not hold (a sealed package's
   * bytes against the hash its entry states), in words naming the table, the row's key and the
   * column. Asked by the ledger check for each row of this feature that it found in place.
   */
  default List<String> checkOutside(JdbcTemplate jdbc, ProjectedRow row) {
    return List.of();
  }
}
