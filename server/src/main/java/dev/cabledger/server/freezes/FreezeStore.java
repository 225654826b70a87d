package dev.cabledger.server.freezes;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.policy.Freezes;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.workflow.DeclaredFreezes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads declared freezes: the projection finds their entries, and each freeze is read from its
 * entry's signed bytes. What the gate and the change view weigh ({@link DeclaredFreezes}).
 */
@Component
final class FreezeStore implements DeclaredFreezes {
  private static final Logger log = LoggerFactory.getLogger(FreezeStore.class);

  /** Freezes remembered; each is read on every gate call for its clients. */
  static final int MAX_PARSED = 4096;

  private final JdbcTemplate jdbc;

  /**
   * Freezes by the leaf hash of the entry bytes that hold them: parsing is a function of the bytes
   * alone, so this cannot go stale, and bytes changed in the database miss it.
   */
  private final Map<Digest, Optional<Declared>> parsed = new ConcurrentHashMap<>();

  FreezeStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A freeze and its entry. */
  record Declared(long index, Statement statement, FreezeDeclared freeze) {}

  @Override
  public Freezes of(ClientId client, Instant from) {
    List<FreezeDeclared> out = new ArrayList<>();
    for (Declared d :
        read(
            "SELECT e.idx, e.entry FROM declared_freeze f JOIN ledger_entry e ON e.idx = f.entry_idx"
                + " WHERE f.entry_idx IN (SELECT s.entry_idx FROM freeze_scope s WHERE s.client = ?)"
                + " AND (f.ends_at_ms IS NULL OR f.ends_at_ms > ?) ORDER BY f.entry_idx",
            client.value(),
            from.toEpochMilli())) {
      out.add(d.freeze());
    }
    return new Freezes(out);
  }

  /**
   * Freezes newest first, at most {@code limit}: of the clients given (every client if empty), in
   * the environment if one is given, not ended by {@code notEndedBy} if given.
   */
  List<Declared> list(
      Optional<List<String>> clients,
      Optional<String> environment,
      Optional<Instant> notEndedBy,
      int limit) {
    StringBuilder scope = new StringBuilder("SELECT s.entry_idx FROM freeze_scope s WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (clients.isPresent()) {
      if (clients.get().isEmpty()) {
        return List.of();
      }
      scope
          .append(" AND s.client IN (")
          .append(String.join(", ", clients.get().stream().map(c -> "?").toList()))
          .append(")");
      args.addAll(clients.get());
    }
    if (environment.isPresent()) {
      scope.append(" AND s.environment = ?");
      args.add(environment.get());
    }
    StringBuilder sql =
        new StringBuilder(
                "SELECT e.idx, e.entry FROM declared_freeze f JOIN ledger_entry e ON e.idx = f.entry_idx"
                    + " WHERE f.entry_idx IN (")
            .append(scope)
            .append(")");
    if (notEndedBy.isPresent()) {
      sql.append(" AND (f.ends_at_ms IS NULL OR f.ends_at_ms > ?)");
      args.add(notEndedBy.get().toEpochMilli());
    }
    sql.append(" ORDER BY f.entry_idx DESC LIMIT ?");
    args.add(limit);
    return read(sql.toString(), args.toArray());
  }

  /**
   * The freeze the entry at {@code index} declares.
   *
   * @throws LedgerIntegrityException if it holds no freeze
   */
  Declared at(long index) {
    List<Declared> found = read("SELECT e.idx, e.entry FROM ledger_entry e WHERE e.idx = ?", index);
    if (found.isEmpty()) {
      throw new LedgerIntegrityException("entry " + index + " does not declare a freeze");
    }
    return found.getFirst();
  }

  private List<Declared> read(String sql, Object... args) {
    List<Declared> out = new ArrayList<>();
    jdbc.query(
        sql,
        rs -> {
          parse(rs.getLong(1), rs.getBytes(2)).ifPresent(out::add);
        },
        args);
    return out;
  }

  /**
   * The freeze an entry holds. One that does not parse is left out (and logged): the ledger check
   * reports the entry, and the gate weighs the freezes that can be read.
   */
  private Optional<Declared> parse(long index, byte[] entry) {
    Digest leaf = MerkleHash.leaf(entry);
    Optional<Declared> known = parsed.get(leaf);
    if (known != null) {
      return known;
    }
    Optional<Declared> read;
    try {
      Statement statement = Envelope.parse(entry).statement();
      read =
          statement.predicate().data() instanceof FreezeDeclared freeze
              ? Optional.of(new Declared(index, statement, freeze))
              : Optional.empty();
    } catch (VerificationException | IllegalArgumentException e) {
      read = Optional.empty();
    }
    if (read.isEmpty()) {
      log.warn("Entry {} is indexed as a freeze but does not hold one", index);
    }
    if (parsed.size() >= MAX_PARSED) {
      parsed.clear(); // bounded; a cleared cache only costs parsing
    }
    parsed.put(leaf, read);
    return read;
  }
}
