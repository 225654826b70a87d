package dev.cabledger.server.keys;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The key registry: every key is registered by a signed {@code KEY_REGISTERED} log entry, and the
 * {@code registered_key} table is that entry's projection, written in the same transaction. At
 * start-up the service registers its own log and service keys if the log does not have them yet.
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

  /**
   * The keys as the projection rows state them, unchecked: for naming keys at start-up, before the
   * registry (and the log's signature check) exists; never for trusting one.
   */
  static List<RegisteredKey> registered(JdbcTemplate jdbc) {
    return rows(jdbc).stream().map(Row::key).toList();
  }

  /** The stored projection rows, in registration order. */
  List<Row> rows() {
    return rows(jdbc);
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
                    Instant.parse(rs.getString(6)),
                    Optional.ofNullable(rs.getString(7)).map(Instant::parse),
                    KeyStatus.ofJson(rs.getString(8))),
                rs.getLong(9)));
  }

  /**
   * Every registered key, in registration order, as the log's signed entries state them: each row
   * only points at its {@code KEY_REGISTERED} entry, which must be included under the latest
   * checkpoint signed by this service's log key and must say what the row says. So a row inserted
   * behind the service's back is an integrity failure, never a key anyone is told to trust.
   *
   * @throws LedgerIntegrityException if a row is not backed by its signed entry
   */
  public List<RegisteredKey> all() {
    List<Row> rows = rows();
    Verified known = verified;
    if (known != null && known.rows().equals(rows)) {
      // Rows already checked against their entries: the log is append-only, so what verified
      // then still does; any row added, removed or altered since is checked again below.
      return known.keys();
    }
    StoredCheckpoint checkpoint = reader.latestCheckpoint();
    try {
      new CheckpointVerifier(origin.value(), keys.logKey().getPublic()).verify(checkpoint.note());
    } catch (VerificationException e) {
      throw new LedgerIntegrityException(
          "the latest checkpoint is not signed by this log's key: " + e.getMessage());
    }
    List<RegisteredKey> registered = new ArrayList<>();
    for (Row row : rows) {
      registered.add(signed(row, checkpoint));
    }
    List<RegisteredKey> keys = List.copyOf(registered);
    verified = new Verified(rows, keys);
    return keys;
  }

  /** Rows that were checked against their signed entries, and the keys those entries state. */
  private record Verified(List<Row> rows, List<RegisteredKey> keys) {}

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
      RegisteredKey logged =
          KeyRegistration.key(Statement.parse(Envelope.parse(entry.bytes()).payload()));
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

  private void register(PublicKey key, String purpose) {
    if (!isRegistered(ServiceKeys.keyId(key))) {
      appendRegistration(key, purpose);
    }
  }

  private boolean isRegistered(KeyId id) {
    Integer known =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM registered_key WHERE key_id = ?", Integer.class, id.value());
    return known != null && known > 0;
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
      if (!isRegistered(id)) {
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
    recorder.record(
        statement,
        (tx, index) ->
            tx.update(
                "INSERT INTO registered_key (key_id, algorithm, public_key, owner, purpose,"
                    + " valid_from, valid_to, status, entry_idx)"
                    + " VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                id.value(),
                RegisteredKey.ML_DSA_65,
                spki,
                OWNER,
                purpose,
                now.toString(),
                KeyStatus.ACTIVE.json(),
                index));
  }
}
