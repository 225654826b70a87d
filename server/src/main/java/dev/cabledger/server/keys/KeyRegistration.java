package dev.cabledger.server.keys;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.KeyRegistered;
import dev.cabledger.core.registry.RegisteredKey;

/** The registered key a signed {@code KEY_REGISTERED} statement states (docs/formats.md §2). */
final class KeyRegistration {
  private KeyRegistration() {}

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
}
