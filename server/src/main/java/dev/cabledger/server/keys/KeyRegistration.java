package dev.cabledger.server.keys;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.KeyCompromised;
import dev.cabledger.core.event.KeyRegistered;
import dev.cabledger.core.event.KeyRetired;
import dev.cabledger.core.registry.RegisteredKey;
import java.time.Instant;
import java.util.Optional;

/** What a signed key statement says for the registry (docs/formats.md §2, §6). */
final class KeyRegistration {
  private KeyRegistration() {}

  /**
   * The end of a key that a KEY_RETIRED or KEY_COMPROMISED statement records.
   *
   * @param keyId the key
   * @param how retired or compromised
   * @param at the retirement's {@code valid_to}, or the compromise's {@code since}
   */
  record End(KeyId keyId, KeyEnd how, Instant at) {}

  /**
   * The key as the statement registers it.
   *
   * @throws IllegalArgumentException if the statement is not a well-formed key registration
   */
  static RegisteredKey key(Statement statement) {
    if (!(statement.predicate().data() instanceof KeyRegistered r)) {
      throw new IllegalArgumentException("not a KEY_REGISTERED statement");
    }
    if (!r.publicKey().sha256().equals(statement.subjectDigest())) {
      throw new IllegalArgumentException("the subject digest is not SHA-256 of the public key");
    }
    return r.toRegisteredKey();
  }

  /**
   * The end a statement records; empty for any statement but KEY_RETIRED or KEY_COMPROMISED.
   *
   * @throws IllegalArgumentException if its subject does not name the key
   */
  static Optional<End> end(Statement statement) {
    EventData data = statement.predicate().data();
    Optional<End> end =
        switch (data) {
          case KeyRetired r -> Optional.of(new End(r.keyId(), KeyEnd.RETIRED, r.validTo()));
          case KeyCompromised c -> Optional.of(new End(c.keyId(), KeyEnd.COMPROMISED, c.since()));
          default -> Optional.empty();
        };
    if (end.isPresent() && !statement.subjectName().equals(end.get().keyId().value())) {
      throw new IllegalArgumentException("the subject name is not the key id");
    }
    return end;
  }
}
