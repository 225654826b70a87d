package dev.cabledger.server.workflow;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventType;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the workflow's projections from the log: every entry about a change that has no {@code
 * change_entry} row gets its index row, its change's row and its feature rows, in log order, each
 * in a transaction of its own. Runs at start when the change index is empty but the log is not (a
 * database restored without its projections, or a log written before them), and on demand ({@code
 * cab-ledger rebuild-projections}). Rows that exist are left alone: the ledger check reports any
 * that differ from the log.
 */
@Component
public final class ProjectionRebuild implements SmartInitializingSingleton {
  private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
  private static final int PAGE = 500;

  private final JdbcTemplate jdbc;
  private final ChangeRecords records;
  private final TransactionTemplate tx;

  ProjectionRebuild(JdbcTemplate jdbc, ChangeRecords records, DataSource dataSource) {
    this.jdbc = jdbc;
    this.records = records;
    this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  @Override
  public void afterSingletonsInstantiated() {
    Long indexed = jdbc.queryForObject("SELECT COUNT(*) FROM change_entry", Long.class);
    if (indexed != null && indexed == 0) {
      long rebuilt = rebuild(n -> {});
      if (rebuilt > 0) {
        log.info("Rebuilt the change index from the log: {} entries about changes", rebuilt);
      }
    }
  }

  /**
   * Indexes every entry about a change that is not indexed yet.
   *
   * @param progress told the index of each page's last entry, for a progress display
   * @return how many entries were indexed
   */
  public long rebuild(LongConsumer progress) {
    long rebuilt = 0;
    long after = -1;
    while (true) {
      record Row(long index, byte[] entry) {}
      List<Row> page = new ArrayList<>(PAGE);
      jdbc.query(
          "SELECT e.idx, e.entry FROM ledger_entry e WHERE e.idx > ? AND NOT EXISTS"
              + " (SELECT 1 FROM change_entry c WHERE c.entry_idx = e.idx) ORDER BY e.idx LIMIT ?",
          rs -> {
            page.add(new Row(rs.getLong(1), rs.getBytes(2)));
          },
          after,
          PAGE);
      if (page.isEmpty()) {
        return rebuilt;
      }
      for (Row row : page) {
        after = row.index();
        Statement statement;
        try {
          statement = ChangeRecords.parse(row.index(), row.entry());
        } catch (LedgerIntegrityException e) {
          // Not this rebuild's to judge: the ledger check reports the entry.
          log.warn("Not indexed: {}", e.getMessage());
          continue;
        }
        EventData data = statement.predicate().data();
        if (data instanceof EventData.OfChange && data.type() != EventType.PIPELINE_NOTE) {
          rebuilt += index(row.index(), statement) ? 1 : 0;
        }
      }
      progress.accept(after);
    }
  }

  private boolean index(long index, Statement statement) {
    try {
      tx.executeWithoutResult(
          s -> records.projection(statement, EntryProjection.NONE).write(jdbc, index));
      return true;
    } catch (DuplicateKeyException e) {
      // Another instance indexed it meanwhile.
      return false;
    } catch (LedgerIntegrityException | StateConflictException | IllegalArgumentException e) {
      log.warn(
          "Entry {} about change {} not indexed: {}",
          index,
          statement.subjectName(),
          e.getMessage());
      return false;
    }
  }
}
