package dev.cabledger.server.ledger;

/**
 * Signing or storage failed and nothing of the append was recorded: the batch was rolled back, or
 * never began. Thrown only when that is certain (otherwise {@link AppendOutcomeUnknownException}).
 */
public final class LedgerUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public LedgerUnavailableException(String message) {
    super(message);
  }
}
