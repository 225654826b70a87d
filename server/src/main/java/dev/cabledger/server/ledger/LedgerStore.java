package dev.cabledger.server.ledger;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.SignedCheckpoint;
import dev.cabledger.core.merkle.NodeId;
import dev.cabledger.server.storage.Backend;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.RowMapper;

/**
 * SQL over the append-only ledger tables; the same statements run on SQLite and PostgreSQL. Merkle
 * nodes are keyed by one integer ({@code level << 48 | index}) so a proof's O(log n) nodes come
 * back from one indexed {@code IN} query.
 */
final class LedgerStore {
  /**
   * The append lock among PostgreSQL advisory locks: this constant and the hash of the log's
   * schema, so that logs in separate schemas of one database do not wait for each other.
   */
  static final int APPEND_LOCK_CLASS = 0x4341424c; // "CABL"

  /** The arguments of {@code pg_advisory_xact_lock} / {@code pg_advisory_lock} for the log. */
  static final String APPEND_LOCK_ARGS = APPEND_LOCK_CLASS + ", hashtext(current_schema())";

  /**
   * A checkpoint row, answered from its signed note: the size and root columns only index it, and a
   * row whose columns disagree with its note has been altered.
   */
  private static final RowMapper<StoredCheckpoint> CHECKPOINT =
      (rs, n) -> {
        String note = rs.getString("note");
        int blank = note.indexOf("\n\n");
        Checkpoint signed;
        try {
          signed = Checkpoint.parseBody(note.substring(0, blank < 0 ? 0 : blank + 1));
        } catch (VerificationException e) {
          throw new LedgerIntegrityException(
              "the stored checkpoint of size " + rs.getLong("tree_size") + " is malformed");
        }
        if (signed.size() != rs.getLong("tree_size")
            || !signed.root().equals(Digest.of(rs.getBytes("root_hash")))) {
          throw new LedgerIntegrityException(
              "the checkpoint row of size "
                  + rs.getLong("tree_size")
                  + " disagrees with its signed note");
        }
        return new StoredCheckpoint(signed.size(), signed.root(), note);
      };

  private static final int PAGE = 256;

  private final JdbcTemplate jdbc;
  private final Backend backend;
  private final Duration lockTimeout;

  /**
   * @param lockTimeout how long {@link #lockForAppend} waits on PostgreSQL (SQLite's wait is the
   *     connection's busy timeout, set where the pool is opened)
   */
  LedgerStore(JdbcTemplate jdbc, Backend backend, Duration lockTimeout) {
    this.jdbc = jdbc;
    this.backend = backend;
    this.lockTimeout = lockTimeout;
  }

  JdbcTemplate jdbc() {
    return jdbc;
  }

  static long key(NodeId node) {
    return ((long) node.level() << 48) | node.index();
  }

  static NodeId nodeOfKey(long key) {
    return new NodeId((int) (key >>> 48), key & ((1L << 48) - 1));
  }

  /**
   * Serializes appenders across processes for the rest of the transaction; must be the
   * transaction's first statement. Waits at most the lock timeout, then throws, and the transaction
   * rolls back having written nothing.
   *
   * <p>PostgreSQL: a transaction-scoped advisory lock, bounded by {@code lock_timeout} for this
   * transaction only. SQLite: the transaction began DEFERRED, so its first write takes the
   * database's write lock (waiting up to the busy timeout) before anything is read; a write that
   * changes nothing (the row exists after the first append) is enough.
   */
  void lockForAppend() {
    if (backend == Backend.POSTGRESQL) {
      // One round trip: the materialized CTE sets the timeout before the outer row takes the lock.
      jdbc.query(
          "WITH timeout AS MATERIALIZED (SELECT set_config('lock_timeout', ?, true))"
              + " SELECT pg_advisory_xact_lock("
              + APPEND_LOCK_ARGS
              + ") FROM timeout",
          rs -> null,
          lockTimeout.toMillis() + "ms");
    } else {
      jdbc.update(
          "INSERT INTO ledger_meta (name, value) VALUES ('append-lock', 'taken by each append')"
              + " ON CONFLICT (name) DO NOTHING");
    }
  }

  /** The size of the log as its latest checkpoint states it (every batch writes one). */
  long treeSize() {
    // getLong answers 0 for the NULL maximum of an empty log.
    Long size =
        jdbc.query(
            prepared("SELECT MAX(tree_size) FROM checkpoint"),
            (ResultSet rs) -> rs.next() ? rs.getLong(1) : 0L);
    return size == null ? 0 : size;
  }

  Optional<StoredCheckpoint> latestCheckpoint() {
    return jdbc
        .query(
            prepared(
                "SELECT tree_size, root_hash, note FROM checkpoint ORDER BY tree_size DESC LIMIT 1"),
            CHECKPOINT)
        .stream()
        .findFirst();
  }

  /**
   * A query without parameters as a prepared statement: the PostgreSQL driver keeps those prepared
   * on the server after a few uses, while a plain statement is parsed and planned on every call.
   */
  private static PreparedStatementCreator prepared(String sql) {
    return connection -> connection.prepareStatement(sql);
  }

  Optional<StoredCheckpoint> checkpoint(long size) {
    return jdbc
        .query(
            "SELECT tree_size, root_hash, note FROM checkpoint WHERE tree_size = ?",
            CHECKPOINT,
            size)
        .stream()
        .findFirst();
  }

  /** Up to {@code limit} checkpoints of size above {@code size}, by increasing size. */
  List<StoredCheckpoint> checkpointsAbove(long size, int limit) {
    return jdbc.query(
        "SELECT tree_size, root_hash, note FROM checkpoint WHERE tree_size > ?"
            + " ORDER BY tree_size LIMIT ?",
        CHECKPOINT,
        size,
        limit);
  }

  /** The stored hashes of the given nodes; absent ones are simply missing from the map. */
  Map<NodeId, Digest> nodes(Collection<NodeId> ids) {
    return nodes(ids, "", List.of());
  }

  /**
   * As {@link #nodes}, but only if the log holds a tree of {@code treeSize} entries (its latest
   * checkpoint is at least that large), and none otherwise: a proof's nodes and the size it needs
   * in one query, read in one snapshot.
   */
  Map<NodeId, Digest> nodesWithin(Collection<NodeId> ids, long treeSize) {
    return nodes(ids, " AND (SELECT MAX(tree_size) FROM checkpoint) >= ?", List.of(treeSize));
  }

  private Map<NodeId, Digest> nodes(Collection<NodeId> ids, String condition, List<Object> more) {
    Map<NodeId, Digest> found = HashMap.newHashMap(ids.size());
    if (ids.isEmpty()) {
      return found;
    }
    StringBuilder sql = new StringBuilder("SELECT id, hash FROM merkle_node WHERE id IN (");
    List<Object> args = new ArrayList<>(ids.size() + more.size());
    for (NodeId id : ids) {
      sql.append(args.isEmpty() ? "?" : ",?");
      args.add(key(id));
    }
    sql.append(')').append(condition);
    args.addAll(more);
    jdbc.query(
        sql.toString(),
        (ResultSet rs) -> {
          found.put(nodeOfKey(rs.getLong(1)), Digest.of(rs.getBytes(2)));
        },
        args.toArray());
    return found;
  }

  void insertNodes(Map<NodeId, Digest> nodes) {
    List<Map.Entry<NodeId, Digest>> rows = List.copyOf(nodes.entrySet());
    jdbc.batchUpdate(
        "INSERT INTO merkle_node (id, hash) VALUES (?, ?)",
        rows,
        rows.size(),
        (PreparedStatement ps, Map.Entry<NodeId, Digest> row) -> {
          ps.setLong(1, key(row.getKey()));
          ps.setBytes(2, row.getValue().bytes());
        });
  }

  void insertEntries(long firstIndex, List<byte[]> entries, Instant appendedAt) {
    String at = appendedAt.toString();
    jdbc.batchUpdate(
        "INSERT INTO ledger_entry (idx, entry, appended_at) VALUES (?, ?, ?)",
        new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            ps.setLong(1, firstIndex + i);
            ps.setBytes(2, entries.get(i));
            ps.setString(3, at);
          }

          @Override
          public int getBatchSize() {
            return entries.size();
          }
        });
  }

  void insertCheckpoint(SignedCheckpoint signed, Instant at) {
    jdbc.update(
        "INSERT INTO checkpoint (tree_size, root_hash, note, created_at) VALUES (?, ?, ?, ?)",
        signed.checkpoint().size(),
        signed.checkpoint().root().bytes(),
        signed.note(),
        at.toString());
  }

  /** When the entry at {@code index} was appended, by the appending instance's clock. */
  Optional<Instant> appendedAt(long index) {
    return jdbc
        .queryForList("SELECT appended_at FROM ledger_entry WHERE idx = ?", String.class, index)
        .stream()
        .findFirst()
        .map(Instant::parse);
  }

  Optional<LogEntry> entry(long index) {
    return jdbc
        .query(
            "SELECT idx, entry FROM ledger_entry WHERE idx = ?",
            (rs, n) -> new LogEntry(rs.getLong(1), rs.getBytes(2)),
            index)
        .stream()
        .findFirst();
  }

  /**
   * Streams the stored entries with {@code from <= idx < to} in index order, a page at a time, so
   * memory stays flat however long the range (a PostgreSQL cursor would need a transaction).
   */
  void forEachEntry(long from, long to, Consumer<LogEntry> sink) {
    forEachPage(from, to, page -> page.forEach(sink));
  }

  /** As {@link #forEachEntry}, a page (up to 256 entries, in index order) at a time. */
  void forEachPage(long from, long to, Consumer<List<LogEntry>> sink) {
    long next = from;
    while (next < to) {
      List<LogEntry> page =
          jdbc.query(
              "SELECT idx, entry FROM ledger_entry WHERE idx >= ? AND idx < ? ORDER BY idx LIMIT ?",
              (rs, n) -> new LogEntry(rs.getLong(1), rs.getBytes(2)),
              next,
              to,
              PAGE);
      if (page.isEmpty()) {
        return;
      }
      sink.accept(page);
      next = page.getLast().index() + 1;
    }
  }

  /** The stored leaf hashes (level-0 nodes) of {@code from <= index < to}: one range query. */
  Map<Long, Digest> leafHashes(long from, long to) {
    Map<Long, Digest> found = new HashMap<>();
    jdbc.query(
        "SELECT id, hash FROM merkle_node WHERE id >= ? AND id < ?",
        (ResultSet rs) -> {
          found.put(rs.getLong(1), Digest.of(rs.getBytes(2)));
        },
        key(new NodeId(0, from)),
        key(new NodeId(0, to)));
    return found;
  }

  Optional<String> meta(String name) {
    return jdbc
        .queryForList("SELECT value FROM ledger_meta WHERE name = ?", String.class, name)
        .stream()
        .findFirst();
  }

  /** Records a setting once; a second writer (another instance starting) keeps the first value. */
  void insertMetaIfAbsent(String name, String value) {
    jdbc.update(
        "INSERT INTO ledger_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        name,
        value);
  }
}
