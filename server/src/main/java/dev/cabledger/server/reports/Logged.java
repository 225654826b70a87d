package dev.cabledger.server.reports;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry read from the log for a report: its bytes and, when they hold one, the statement they
 * sign (parsed, not yet verified: the report verifies the entries whose values it uses).
 *
 * @param index the entry's index
 * @param filedAs the event type the change index files it under (what it is when it no longer
 *     parses)
 * @param bytes the entry bytes, exactly as hashed
 * @param envelope the envelope, if the bytes hold one (parsed once: the report's check of the entry
 *     uses it)
 * @param statement the statement, if the bytes hold one
 * @param unreadable why they do not, if they do not
 */
record Logged(
    long index,
    String filedAs,
    byte[] bytes,
    Optional<Envelope> envelope,
    Optional<Statement> statement,
    Optional<String> unreadable) {
  Logged {
    if (statement.isPresent() == unreadable.isPresent()) {
      throw new IllegalArgumentException("an entry holds a statement or says why not");
    }
    if (statement.isPresent() && envelope.isEmpty()) {
      throw new IllegalArgumentException("a statement is read from an envelope");
    }
  }

  /** Reads an entry's bytes. */
  static Logged read(long index, String filedAs, byte[] bytes) {
    Optional<Envelope> envelope = Optional.empty();
    try {
      envelope = Optional.of(Envelope.parse(bytes));
      return new Logged(
          index,
          filedAs,
          bytes,
          envelope,
          Optional.of(envelope.get().statement()),
          Optional.empty());
    } catch (VerificationException | IllegalArgumentException e) {
      return new Logged(
          index, filedAs, bytes, envelope, Optional.empty(), Optional.of(e.getMessage()));
    }
  }

  /** The statement's time; an entry without a statement has none. */
  Optional<Instant> createdAt() {
    return statement.map(s -> s.predicate().createdAt());
  }
}
