package dev.cabledger.server.keylifecycle;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.access.Caller;
import java.time.Instant;
import java.util.UUID;

/**
 * Key statements by a caller (docs/formats.md §2): the subject is the key, its digest the SPKI's.
 */
final class KeyStatements {
  private KeyStatements() {}

  /** A statement about a key with this SPKI, by the caller, made at {@code at}. */
  static Statement of(byte[] spki, EventData.OfKey data, Caller caller, Instant at) {
    return new Statement(
        data.keyId().value(),
        Digest.sha256(spki),
        new Event(UUID.randomUUID().toString(), data, caller.actor(), at));
  }

  /** A statement about a registered key, by the caller, made at {@code at}. */
  static Statement of(RegisteredKey key, EventData.OfKey data, Caller caller, Instant at) {
    return of(key.publicKey(), data, caller, at);
  }
}
