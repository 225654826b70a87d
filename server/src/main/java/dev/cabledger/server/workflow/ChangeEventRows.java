package dev.cabledger.server.workflow;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A feature's query rows for the entries of the event types it owns, derived from the signed
 * statement alone: the same rows whether the entry is being appended or replayed from the log by a
 * rebuild ({@code cab-ledger rebuild-projections}). Each workflow feature that keeps rows provides
 * one bean.
 */
public interface ChangeEventRows {
  /** The event types whose entries this writes rows for. */
  Set<EventType> types();

  /** Writes the rows of the entry at {@code index}, inside its append (or rebuild) transaction. */
  void write(JdbcTemplate jdbc, long index, Statement statement);
}
