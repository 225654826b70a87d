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

  /**
   * Runs inside the append transaction, under the append lock, before the entry gets an index, so
   * it sees every committed append of every instance. Throwing (anything but a {@code
   * DataAccessException}, which fails the whole batch) refuses this entry alone: its caller gets
   * the exception, and the rest of the batch is appended.
   */
  default void check(JdbcTemplate jdbc) {}
}
