package dev.cabledger.server.events;

import dev.cabledger.core.dsse.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A feature's query tables restored from the log ({@code cab-ledger rebuild-projections}, and at
 * start once per generation): the rows its entries establish that a table lacks are inserted,
 * derived as the writer and the ledger check ({@link ProjectionAudit}) derive them; a row that
 * exists is never changed or deleted, since the tables are append-only and such a row is a trace
 * for the ledger check to name. Each feature with a projection outside the workflow's tables
 * provides one.
 */
public interface ProjectionRestore {
  /** Starts a replay; the rebuild feeds it every entry of the log, in index order. */
  Replay replay();

  /** One replay in progress. */
  interface Replay {
    /** The statement of the entry at {@code index} (entries that do not parse are not passed). */
    void entry(long index, Statement statement);

    /** Inserts the missing rows of the entries before {@code treeSize}, and says what it did. */
    Restored finish(long treeSize);
  }

  /**
   * What a replay did.
   *
   * @param restored per table, the rows it inserted
   * @param leftAlone rows that differ from the log or that the log does not establish, and rows
   *     that could not be inserted because such a row holds their key
   */
  record Restored(Map<String, Long> restored, long leftAlone) {
    public Restored {
      restored = Collections.unmodifiableMap(new LinkedHashMap<>(restored));
      if (leftAlone < 0) {
        throw new IllegalArgumentException("leftAlone must not be negative");
      }
    }
  }
}
