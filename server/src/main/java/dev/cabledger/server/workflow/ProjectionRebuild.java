package dev.cabledger.server.workflow;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.server.events.ProjectionRestore;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LogEntry;
import dev.cabledger.server.ledger.LogReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds every projection from the log: replays every entry about a change in log order, inserts
 * each row it establishes ({@link ChangeRows}) that its table lacks, then sets each change's plan,
 * status and latest entry to what its entries give; in the same pass, every other feature's tables
 * ({@link ProjectionRestore}: the key registry's, enrolments', freezes', reports', templates') are
 * restored likewise. It never changes or deletes a row that exists: the tables are append-only, and
 * a row that differs from the log is a trace of tampering for the ledger check to name, not for a
 * rebuild to erase. Nor can it restore a sealed package, whose bytes are not in the log.
 *
 * <p>Runs at start once per {@link #GENERATION} (an upgraded database, or one restored without its
 * projections), recording the size it replayed in {@code projection_rebuild}; a start that finds
 * that row replays nothing. On demand: {@code cab-ledger rebuild-projections}, safe while the
 * service runs.
 */
@Component
public final class ProjectionRebuild implements SmartInitializingSingleton {
  /**
   * The generation of the rows the code derives. Raise it when a release derives rows that entries
   * appended by earlier releases lack, so that its first start rebuilds them once.
   */
  static final int GENERATION = 1;

  private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
  private static final int BATCH = 256;

  private final JdbcTemplate jdbc;
  private final ChangeRecords records;
  private final List<ChangeEventRows> features;
  private final List<ProjectionRestore> restores;
  private final LogReader reader;
  private final TransactionTemplate tx;

  ProjectionRebuild(
      JdbcTemplate jdbc,
      ChangeRecords records,
      List<ChangeEventRows> features,
      List<ProjectionRestore> restores,
      LogReader reader,
      DataSource dataSource) {
    this.jdbc = jdbc;
    this.records = records;
    this.features = List.copyOf(features);
    this.restores = List.copyOf(restores);
    this.reader = reader;
    this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  /**
   * What a rebuild did.
   *
   * @param treeSize the size of the log it replayed
   * @param restored per table, the rows it inserted
   * @param restated the changes whose plan, status or latest entry it set
   * @param leftAlone rows that differ from the log or that the log does not establish, and rows
   *     that could not be inserted because such a row holds their key
   * @param unrestorable rows that hold what the log does not (sealed packages' bytes)
   */
  public record Result(
      long treeSize, Map<String, Long> restored, long restated, long leftAlone, long unrestorable) {
    public Result {
      restored = Collections.unmodifiableMap(new LinkedHashMap<>(restored));
    }

    /** How many rows it inserted. */
    public long restoredRows() {
      return restored.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether the projections now hold exactly what the log establishes. */
    public boolean complete() {
      return leftAlone == 0 && unrestorable == 0;
    }
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (rebuiltThrough().isPresent()) {
      return;
    }
    Result r = rebuild(n -> {});
    if (r.restoredRows() > 0 || r.restated() > 0) {
      log.info(
          "Rebuilt the projections from the log ({} entries): restored {} rows {},"
              + " set the state of {} changes",
          r.treeSize(),
          r.restoredRows(),
          r.restored(),
          r.restated());
    }
    if (!r.complete()) {
      log.warn(
          "The projections still differ from the log: {} rows left alone, {} sealed"
              + " packages not restorable from the log; GET /api/audit/ledger-check names them",
          r.leftAlone(),
          r.unrestorable());
    }
  }

  /** The log size the current generation was last rebuilt through, if it was. */
  public Optional<Long> rebuiltThrough() {
    return jdbc
        .queryForList(
            "SELECT tree_size FROM projection_rebuild WHERE generation = ?", Long.class, GENERATION)
        .stream()
        .findFirst();
  }

  /**
   * Restores every missing row of the log's entries as of its current size, and sets each change's
   * state, then records the size.
   *
   * @param progress told the index of each page's last entry, for a progress display
   */
  public Result rebuild(LongConsumer progress) {
    long treeSize = reader.size();
    Replay replay = new Replay();
    ProjectionMerge merge = new ProjectionMerge(jdbc, WorkflowTables.ALL, replay);
    // The other features' tables (keys, enrolments, freezes, reports) in the same pass.
    List<ProjectionRestore.Replay> others =
        restores.stream().map(ProjectionRestore::replay).toList();
    reader.forEachPage(
        0,
        treeSize,
        page -> {
          for (LogEntry entry : page) {
            statement(entry)
                .ifPresent(
                    s -> {
                      if (ChangeRows.indexed(s)) {
                        merge.expect(entry.index(), ChangeRows.of(entry.index(), s, features));
                      }
                      others.forEach(o -> o.entry(entry.index(), s));
                    });
          }
          if (replay.pending.size() >= BATCH) {
            replay.flush();
          }
          progress.accept(page.getLast().index());
        });
    merge.finish(treeSize);
    replay.flush();
    for (ProjectionRestore.Replay other : others) {
      ProjectionRestore.Restored r = tx.execute(s -> other.finish(treeSize));
      if (r != null) {
        r.restored().forEach((table, n) -> replay.restored.merge(table, n, Long::sum));
        replay.leftAlone += r.leftAlone();
      }
    }
    long[] restated = {0};
    new ChangeStates(jdbc, records)
        .forEach(
            treeSize,
            replay.unindexed,
            new ChangeStates.Sink() {
              @Override
              public void state(ChangeStates.Stored stored, ChangeState expected) {
                if (!expected.equals(stored.state())
                    && expected.replace(jdbc, stored.changeId(), stored.state())) {
                  restated[0]++;
                }
              }

              @Override
              public void unreadable(ChangeStates.Stored stored, String why) {
                log.warn(
                    "Change {}: its entries do not form a history, its state is left as it is: {}",
                    stored.changeId(),
                    why);
              }
            });
    jdbc.update(
        "INSERT INTO projection_rebuild (generation, tree_size, rebuilt_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (generation) DO UPDATE SET tree_size = excluded.tree_size,"
            + " rebuilt_at = excluded.rebuilt_at",
        GENERATION,
        treeSize,
        Instant.now().toString());
    return new Result(
        treeSize, replay.restored, restated[0], replay.leftAlone, replay.unrestorable);
  }

  private static Optional<Statement> statement(LogEntry entry) {
    try {
      return Optional.of(ChangeRecords.parse(entry.index(), entry.bytes()));
    } catch (LedgerIntegrityException e) {
      // Not this rebuild's to judge: the ledger check reports the entry.
      log.warn("Not replayed: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** What the replay finds, and the missing rows it inserts a batch at a time. */
  private final class Replay implements ProjectionMerge.Outcome {
    final List<ProjectedRow> pending = new ArrayList<>();
    final Map<String, Long> restored = new LinkedHashMap<>();
    final Map<String, TreeSet<Long>> unindexed = new HashMap<>();
    long leftAlone;
    long unrestorable;

    @Override
    public void missing(ProjectedRow expected) {
      if (expected.table().fromLogAlone()) {
        pending.add(expected);
      } else {
        unrestorable++;
      }
    }

    @Override
    public void found(
        ProjectedRow expected, StoredRow stored, List<ProjectionMerge.Difference> differences) {
      if (!differences.isEmpty()) {
        leftAlone++;
        if (differences.stream().anyMatch(d -> d.column().equals("change_id"))) {
          unindexed(expected);
        }
      }
    }

    @Override
    public void extra(StoredRow stored) {
      leftAlone++;
    }

    /** Inserts the pending rows in one transaction. */
    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      tx.executeWithoutResult(
          s -> {
            for (ProjectedRow row : pending) {
              if (row.insertIfAbsent(jdbc)) {
                restored.merge(row.table().name(), 1L, Long::sum);
              } else {
                // A row that holds its key under another entry is in the way.
                leftAlone++;
                unindexed(row);
              }
            }
          });
      pending.clear();
    }

    /** An entry the change index still does not file under its change. */
    private void unindexed(ProjectedRow row) {
      if (row.table() == WorkflowTables.CHANGE_ENTRY) {
        String changeId = (String) row.value("change_id").orElseThrow();
        unindexed.computeIfAbsent(changeId, c -> new TreeSet<>()).add(row.entryIndex());
      }
    }
  }
}
