package dev.cabledger.server.events;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.dsse.Statement;
import java.util.List;

/**
 * A feature's query tables are projections of the log; the ledger check rebuilds each one from the
 * signed entries and compares it with the stored rows, so a row the log does not establish (or one
 * that says something else) is found. Each feature with a projection provides one.
 */
public interface ProjectionAudit {
  /** Starts a rebuild; the ledger check feeds it every entry of the log, in index order. */
  Rebuild rebuild();

  /** One rebuild in progress. */
  interface Rebuild {
    /** The statement of the entry at {@code index} (entries that do not parse are not passed). */
    void entry(long index, Statement statement);

    /** Compares the rebuilt projection with the stored rows up to the audited size. */
    List<Finding> compare(long treeSize);
  }
}
