package dev.cabledger.server.ledger;

/**
 * The append may or may not have been recorded: the caller stopped waiting while the batch could
 * still commit, or the commit failed in a way that leaves its outcome open and the store could not
 * be asked. The caller must not assume either way; retrying with the same idempotency key is safe.
 */
public final class AppendOutcomeUnknownException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AppendOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }

  public AppendOutcomeUnknownException(String message) {
    super(message);
  }
}
