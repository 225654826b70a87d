package dev.cabledger.server.keylifecycle;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.server.keys.KeyEnd;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.StateConflictException;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The registry's rows of a KEY_REGISTERED, KEY_RETIRED or KEY_COMPROMISED entry ({@link
 * KeyRegistry#project}), written only if the key is still in the state the request found it in:
 * checked under the append lock and again as the entry is written, so a key is registered once and
 * ends each way once, whichever request or instance gets there first.
 *
 * @param keyId the key
 * @param end the end the entry records; empty for a registration
 * @param statement the entry's statement
 */
record KeyRowsProjection(KeyId keyId, Optional<KeyEnd> end, Statement statement)
    implements EntryProjection {

  @Override
  public void check(JdbcTemplate jdbc) {
    boolean registered = KeyRegistry.isRegistered(jdbc, keyId);
    if (end.isEmpty()) {
      if (registered) {
        throw new StateConflictException("key " + keyId + " is registered already");
      }
      return;
    }
    if (!registered) {
      throw new StateConflictException("key " + keyId + " is not registered");
    }
    Set<KeyEnd> ends = KeyRegistry.ends(jdbc, keyId);
    if (ends.contains(end.get())) {
      throw new StateConflictException("key " + keyId + " is " + end.get().json() + " already");
    }
    if (end.get() == KeyEnd.RETIRED && ends.contains(KeyEnd.COMPROMISED)) {
      throw new StateConflictException(
          "key " + keyId + " is compromised: its signatures stop counting already");
    }
  }

  @Override
  public void write(JdbcTemplate jdbc, long index) {
    check(jdbc);
    KeyRegistry.project(jdbc, index, statement);
  }
}
