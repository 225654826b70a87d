package dev.cabledger.server.keys;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.server.events.EventRecorder;
import dev.cabledger.server.ledger.LedgerUnavailableException;
import dev.cabledger.server.ledger.ProjectionRejectedException;
import dev.cabledger.server.signing.ServiceKeys;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The key registry: every key is registered by a signed {@code KEY_REGISTERED} log entry, and the
 * {@code registered_key} table is that entry's projection, written in the same transaction. At
 * start-up the service registers its own log and service keys if the log does not have them yet.
 */
@Component
public final class KeyRegistry implements SmartInitializingSingleton {
  /** The actor of entries the service writes on its own behalf. */
  public static final String SYSTEM_ACTOR = "system:cab-ledger";

  private static final String OWNER = "cab-ledger";
  private static final Logger log = LoggerFactory.getLogger(KeyRegistry.class);

  private final JdbcTemplate jdbc;
  private final EventRecorder recorder;
  private final ServiceKeys keys;
  private final Clock clock = Clock.systemUTC();

  KeyRegistry(JdbcTemplate jdbc, EventRecorder recorder, ServiceKeys keys) {
    this.jdbc = jdbc;
    this.recorder = recorder;
    this.keys = keys;
  }

  @Override
  public void afterSingletonsInstantiated() {
    register(keys.servicePublicKey(), "service");
    register(keys.logKey().getPublic(), "log");
  }

  /** Every registered key, in registration order. */
  public List<RegisteredKey> all() {
    return jdbc.query(
        "SELECT key_id, algorithm, public_key, owner, purpose, valid_from, valid_to, status"
            + " FROM registered_key ORDER BY entry_idx, key_id",
        (rs, n) ->
            new RegisteredKey(
                new KeyId(rs.getString(1)),
                rs.getString(2),
                rs.getBytes(3),
                rs.getString(4),
                rs.getString(5),
                Instant.parse(rs.getString(6)),
                Optional.ofNullable(rs.getString(7)).map(Instant::parse),
                KeyStatus.ofJson(rs.getString(8))));
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
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("key_id", id.value());
    data.put("algorithm", RegisteredKey.ML_DSA_65);
    data.put("public_key", Base64.getEncoder().encodeToString(spki));
    data.put("owner", OWNER);
    data.put("purpose", purpose);
    data.put("valid_from", now.toString());
    data.put("status", KeyStatus.ACTIVE.json());
    Statement statement =
        new Statement(
            id.value(),
            Digest.sha256(spki),
            new Event(UUID.randomUUID().toString(), "KEY_REGISTERED", data, SYSTEM_ACTOR, now));
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
