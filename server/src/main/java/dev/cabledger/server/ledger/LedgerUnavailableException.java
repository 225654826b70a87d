package dev.cabledger.server.ledger;

/** Signing or storage failed: nothing was appended, and the caller must not treat it as done. */
public final class LedgerUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public LedgerUnavailableException(String message) {
    super(message);
  }
}
