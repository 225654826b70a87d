package dev.cabledger.server.workflow;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a change as checked against the log: read from its signed bytes.
 *
 * @param index the entry's index
 * @param envelope the envelope, if the bytes are one
 * @param statement the statement it signs, if the payload is one
 * @param signatureValid whether every signature verifies with a key registered and valid when the
 *     statement was made, and one of them is the service's
 * @param included whether its inclusion proof verifies against the checkpoint
 * @param problems what failed, in words
 */
public record CheckedEntry(
    long index,
    Optional<Envelope> envelope,
    Optional<Statement> statement,
    boolean signatureValid,
    boolean included,
    List<String> problems) {
  public CheckedEntry {
    problems = List.copyOf(problems);
  }

  /** Whether the entry can be relied on. */
  public boolean verified() {
    return signatureValid && included && statement.isPresent();
  }
}
