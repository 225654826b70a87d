package dev.cabledger.server.keys;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.UtcTime;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.event.KeyPurpose;
import dev.cabledger.core.event.KeyRegistered;
import dev.cabledger.core.event.SubjectPublicKeyInfo;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.server.events.EventRecorder;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LedgerOrigin;
import dev.cabledger.server.ledger.LedgerUnavailableException;
import dev.cabledger.server.ledger.LogEntry;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.ProjectionRejectedException;
import dev.cabledger.server.ledger.StoredCheckpoint;
import dev.cabledger.server.signing.ServiceKeys;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The key registry: every key is registered by a signed {@code KEY_REGISTERED} log entry, and the
 * {@code registered_key} table is that entry's projection, written in the same transaction; a
 * {@code KEY_RETIRED} or {@code KEY_COMPROMISED} entry ends a key, projected as a {@code key_end}
 * row (the tables are append-only, so a registration row is never edited). At start-up the service
 * registers its own log and service keys if the log does not have them yet.
 */
@Component
public final class KeyRegistry implements SmartInitializingSingleton {
  /** The actor of entries the service writes on its own behalf. */
  public static final String SYSTEM_ACTOR = Actor.SYSTEM.subject();

  /** The owner of the service's own keys in the registry. */
  static final String OWNER = "cab-ledger";

  private static final Logger log = LoggerFactory.getLogger(KeyRegistry.class);

  private final JdbcTemplate jdbc;
  private final EventRecorder recorder;
  private final ServiceKeys keys;
  private final LogReader reader;
  private final LedgerOrigin origin;
  private final Clock clock = Clock.systemUTC();

  /**
   * The registry as last checked. Checking it reads and verifies every key's entry and inclusion
   * proof, which the gate would otherwise pay on every call (see {@code cab-ledger bench
   * workflow}). The same list instance is returned while the rows stay the same, so a caller may
   * key its own caches on it.
   */
  private volatile @Nullable Verified verified;

  KeyRegistry(
      JdbcTemplate jdbc,
      EventRecorder recorder,
      ServiceKeys keys,
      LogReader reader,
      LedgerOrigin origin) {
    this.jdbc = jdbc;
    this.recorder = recorder;
    this.reader = reader;
    this.origin = origin;
    this.keys = keys;
  }

  @Override
  public void afterSingletonsInstantiated() {
    register(keys.servicePublicKey(), "service");
    register(keys.logKey().getPublic(), "log");
  }

  /** A {@code registered_key} row: an index of the log, not a source of truth. */
  record Row(RegisteredKey key, long entryIndex) {}

  /** A {@code key_end} row, likewise. */
  record EndRow(KeyRegistration.End end, long entryIndex) {}

  /**
   * The keys as the projection rows state them, unchecked: for naming keys at start-up, before the
   * registry (and the log's signature check) exists; never for trusting one.
   */
  static List<RegisteredKey> registered(JdbcTemplate jdbc) {
    return rows(jdbc).stream().map(Row::key).toList();
  }

  /**
   * A key as its projection rows state it, with its ends applied, read with {@code jdbc} (an append
   * transaction's under the append lock): for what indexes a change (its status), which must read
   * in the append transaction. Answers that vouch for a key use {@link #all()}, checked against the
   * log; the ledger check compares these rows with the log.
   */
  public static Optional<RegisteredKey> indexed(JdbcTemplate jdbc, KeyId id) {
    List<RegisteredKey> found =
        jdbc.query(
            "SELECT key_id, algorithm, public_key, owner, purpose, valid_from, valid_to, status"
                + " FROM registered_key WHERE key_id = ?",
            (rs, n) ->
                new RegisteredKey(
                    new KeyId(rs.getString(1)),
                    rs.getString(2),
                    rs.getBytes(3),
                    rs.getString(4),
                    rs.getString(5),
                    UtcTime.read(rs.getString(6)),
                    Optional.ofNullable(rs.getString(7)).map(UtcTime::read),
                    KeyStatus.ofJson(rs.getString(8))),
            id.value());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    RegisteredKey key = found.getFirst();
    List<KeyRegistration.End> ends =
        jdbc.query(
            "SELECT how, effective_at FROM key_end WHERE key_id = ? ORDER BY entry_idx",
            (rs, n) ->
                new KeyRegistration.End(
                    id, KeyEnd.ofJson(rs.getString(1)), UtcTime.read(rs.getString(2))),
            id.value());
    for (KeyRegistration.End end : ends) {
      key = end.how() == KeyEnd.RETIRED ? key.retired(end.at()) : key.compromised(end.at());
    }
    return Optional.of(key);
  }

  /** The stored projection rows, in registration order. */
  List<Row> rows() {
    return rows(jdbc);
  }

  /** The stored {@code key_end} rows, in log order. */
  List<EndRow> endRows() {
    return jdbc.query(
        "SELECT key_id, how, effective_at, entry_idx FROM key_end ORDER BY entry_idx",
        (rs, n) ->
            new EndRow(
                new KeyRegistration.End(
                    new KeyId(rs.getString(1)),
                    KeyEnd.ofJson(rs.getString(2)),
                    UtcTime.read(rs.getString(3))),
                rs.getLong(4)));
  }

  private static List<Row> rows(JdbcTemplate jdbc) {
    return jdbc.query(
        "SELECT key_id, algorithm, public_key, owner, purpose, valid_from, valid_to, status,"
            + " entry_idx FROM registered_key ORDER BY entry_idx, key_id",
        (rs, n) ->
            new Row(
                new RegisteredKey(
                    new KeyId(rs.getString(1)),
                    rs.getString(2),
                    rs.getBytes(3),
                    rs.getString(4),
                    rs.getString(5),
                    UtcTime.read(rs.getString(6)),
                    Optional.ofNullable(rs.getString(7)).map(UtcTime::read),
                    KeyStatus.ofJson(rs.getString(8))),
                rs.getLong(9)));
  }

  /**
   * Every registered key, in registration order, as the log's signed entries state them, with its
   * retirement and compromise applied: each row only points at its {@code KEY_REGISTERED}, {@code
   * KEY_RETIRED} or {@code KEY_COMPROMISED} entry, which must be included under the latest
   * checkpoint signed by this service's log key and must say what the row says. So a row inserted
   * behind the service's back is an integrity failure, never a key anyone is told to trust; a key
   * end row removed is caught by the ledger check, which rebuilds the rows from the log.
   *
   * @throws LedgerIntegrityException if a row is not backed by its signed entry
   */
  public List<RegisteredKey> all() {
    List<Row> rows = rows();
    List<EndRow> ends = endRows();
    Verified known = verified;
    if (known != null && known.rows().equals(rows) && known.ends().equals(ends)) {
      // Rows already checked against their entries: the log is append-only, so what verified
      // then still does; any row added, removed or altered since is checked again below.
      return known.keys();
    }
    List<RegisteredKey> keys = verifiedKeys(rows, ends);
    verified = new Verified(rows, ends, keys);
    return keys;
  }

  /**
   * The registry as the first {@code treeSize} entries of the log establish it (a bundle's, whose
   * checkpoint may be older than a key registered meanwhile), checked as {@link #all()}.
   *
   * @throws LedgerIntegrityException if a row is not backed by its signed entry
   */
  public List<RegisteredKey> asOf(long treeSize) {
    return verifiedKeys(
        rows().stream().filter(r -> r.entryIndex() < treeSize).toList(),
        endRows().stream().filter(r -> r.entryIndex() < treeSize).toList());
  }

  private List<RegisteredKey> verifiedKeys(List<Row> rows, List<EndRow> ends) {
    StoredCheckpoint checkpoint = reader.latestCheckpoint();
    try {
      new CheckpointVerifier(origin.value(), keys.logKey().getPublic()).verify(checkpoint.note());
    } catch (VerificationException e) {
      throw new LedgerIntegrityException(
          "the latest checkpoint is not signed by this log's key: " + e.getMessage());
    }
    Map<KeyId, RegisteredKey> registered = new LinkedHashMap<>();
    for (Row row : rows) {
      registered.put(row.key().keyId(), signed(row, checkpoint));
    }
    for (EndRow end : ends) {
      KeyId id = end.end().keyId();
      RegisteredKey key = registered.get(id);
      if (key == null) {
        throw new LedgerIntegrityException(
            "a key_end row ends key " + id + ", which has no registration");
      }
      signedEnd(end, key, checkpoint);
      registered.put(
          id,
          end.end().how() == KeyEnd.RETIRED
              ? key.retired(end.end().at())
              : key.compromised(end.end().at()));
    }
    return List.copyOf(registered.values());
  }

  /** The registered key with this id, as {@link #all()} states it. */
  public Optional<RegisteredKey> find(KeyId id) {
    return all().stream().filter(k -> k.keyId().equals(id)).findFirst();
  }

  /** Whether this instance signs with the key now: its current service or log key. */
  public boolean inUse(KeyId id) {
    return id.equals(ServiceKeys.keyId(keys.servicePublicKey()))
        || id.equals(ServiceKeys.keyId(keys.logKey().getPublic()));
  }

  /** Rows that were checked against their signed entries, and the keys those entries state. */
  private record Verified(List<Row> rows, List<EndRow> ends, List<RegisteredKey> keys) {}

  private RegisteredKey signed(Row row, StoredCheckpoint checkpoint) {
    KeyId id = row.key().keyId();
    if (row.entryIndex() >= checkpoint.size()) {
      throw new LedgerIntegrityException(
          "key " + id + " points at entry " + row.entryIndex() + ", beyond the checkpoint");
    }
    LogEntry entry = reader.entry(row.entryIndex());
    try {
      reader
          .inclusionProof(row.entryIndex(), checkpoint.size())
          .verify(MerkleHash.leaf(entry.bytes()), checkpoint.root());
      RegisteredKey logged = KeyRegistration.key(Envelope.parse(entry.bytes()).statement());
      if (!logged.equals(row.key())) {
        throw new LedgerIntegrityException(
            "key " + id + " differs from its KEY_REGISTERED entry " + row.entryIndex());
      }
      return logged;
    } catch (VerificationException | IllegalArgumentException e) {
      throw new LedgerIntegrityException(
          "key "
              + id
              + " is not backed by a signed KEY_REGISTERED entry at "
              + row.entryIndex()
              + ": "
              + e.getMessage());
    }
  }

  /** A key_end row must be its entry's end of that very key (docs/formats.md §6). */
  private void signedEnd(EndRow row, RegisteredKey key, StoredCheckpoint checkpoint) {
    KeyRegistration.End end = row.end();
    String what = end.how().json() + " end of key " + end.keyId();
    if (row.entryIndex() >= checkpoint.size()) {
      throw new LedgerIntegrityException(
          "the " + what + " points at entry " + row.entryIndex() + ", beyond the checkpoint");
    }
    LogEntry entry = reader.entry(row.entryIndex());
    try {
      reader
          .inclusionProof(row.entryIndex(), checkpoint.size())
          .verify(MerkleHash.leaf(entry.bytes()), checkpoint.root());
      Statement statement = Envelope.parse(entry.bytes()).statement();
      if (!KeyRegistration.end(statement).equals(Optional.of(end))
          || !statement.subjectDigest().equals(Digest.sha256(key.publicKey()))) {
        throw new LedgerIntegrityException(
            "the " + what + " differs from its entry " + row.entryIndex());
      }
    } catch (VerificationException | IllegalArgumentException e) {
      throw new LedgerIntegrityException(
          "the "
              + what
              + " is not backed by a signed entry at "
              + row.entryIndex()
              + ": "
              + e.getMessage());
    }
  }

  private void register(PublicKey key, String purpose) {
    if (!isRegistered(jdbc, ServiceKeys.keyId(key))) {
      appendRegistration(key, purpose);
    }
  }

  /**
   * Whether a key has a registration row. With the append transaction's template, under the append
   * lock, this sees every committed registration and those written before in its batch.
   */
  public static boolean isRegistered(JdbcTemplate jdbc, KeyId id) {
    Integer known =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM registered_key WHERE key_id = ?", Integer.class, id.value());
    return known != null && known > 0;
  }

  /** The ends a key has rows for, read as {@link #isRegistered(JdbcTemplate, KeyId)}. */
  public static Set<KeyEnd> ends(JdbcTemplate jdbc, KeyId id) {
    Set<KeyEnd> ends = EnumSet.noneOf(KeyEnd.class);
    jdbc.query(
        "SELECT how FROM key_end WHERE key_id = ?",
        rs -> {
          ends.add(KeyEnd.ofJson(rs.getString(1)));
        },
        id.value());
    return ends;
  }

  /**
   * Writes the registry's rows for a key statement, in its append transaction: a {@code
   * registered_key} row for KEY_REGISTERED, a {@code key_end} row for KEY_RETIRED and
   * KEY_COMPROMISED, nothing for any other. The one place these rows are derived from, so that the
   * ledger check's rebuild ({@link RegistryAudit}) derives the same.
   */
  public static void project(JdbcTemplate jdbc, long index, Statement statement) {
    project(jdbc, index, statement, "");
  }

  /**
   * Writes the rows {@link #project} writes unless a row holds their key or entry already (that row
   * stays as it is, for the ledger check): the rebuild's restore.
   *
   * @return how many rows it inserted
   */
  static int restore(JdbcTemplate jdbc, long index, Statement statement) {
    return project(jdbc, index, statement, " ON CONFLICT DO NOTHING");
  }

  private static int project(JdbcTemplate jdbc, long index, Statement statement, String suffix) {
    if (statement.predicate().eventType() == EventType.KEY_REGISTERED) {
      RegisteredKey key = KeyRegistration.key(statement);
      return jdbc.update(
          "INSERT INTO registered_key (key_id, algorithm, public_key, owner, purpose,"
              + " valid_from, valid_to, status, entry_idx) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
              + suffix,
          key.keyId().value(),
          key.algorithm(),
          key.publicKey(),
          key.owner(),
          key.purpose(),
          key.validFrom().toString(),
          key.validTo().map(Instant::toString).orElse(null),
          key.status().json(),
          index);
    }
    return KeyRegistration.end(statement)
        .map(
            end ->
                jdbc.update(
                    "INSERT INTO key_end (key_id, how, effective_at, entry_idx)"
                        + " VALUES (?, ?, ?, ?)"
                        + suffix,
                    end.keyId().value(),
                    end.how().json(),
                    end.at().toString(),
                    index))
        .orElse(0);
  }

  /**
   * Appends the KEY_REGISTERED entry and its projection row in one transaction. Instances sharing a
   * database may both see a key unregistered at start-up; the projection's primary key then rejects
   * the second registration (only that entry is refused), and that instance finds the key
   * registered by the first. So a key is registered by exactly one entry.
   */
  void appendRegistration(PublicKey key, String purpose) {
    KeyId id = ServiceKeys.keyId(key);
    try {
      appendRegistrationEntry(key, purpose, id);
    } catch (ProjectionRejectedException | LedgerUnavailableException e) {
      if (!isRegistered(jdbc, id)) {
        throw e;
      }
      log.info("Key {} was registered by another instance meanwhile", id);
    }
  }

  private void appendRegistrationEntry(PublicKey key, String purpose, KeyId id) {
    byte[] spki = MlDsa65.spki(key);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    KeyRegistered registration =
        new KeyRegistered(
            id,
            RegisteredKey.ML_DSA_65,
            new SubjectPublicKeyInfo(spki),
            OWNER,
            KeyPurpose.valueOf(purpose.toUpperCase(Locale.ROOT)),
            now,
            Optional.empty());
    Statement statement =
        new Statement(
            id.value(),
            Digest.sha256(spki),
            new Event(UUID.randomUUID().toString(), registration, Actor.SYSTEM, now));
    recorder.record(statement, (tx, index) -> project(tx, index, statement));
  }
}
