package dev.cabledger.server.ledger;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows a feature derives from an entry, written in the same transaction as the entry, so a query
 * table never holds a record the log lacks, nor the other way round.
 */
@FunctionalInterface
public interface EntryProjection {
  /** Writes nothing. */
  EntryProjection NONE = (jdbc, index) -> {};

  /** Writes the derived rows of the entry at {@code index}, inside the append transaction. */
  void write(JdbcTemplate jdbc, long index);
}
