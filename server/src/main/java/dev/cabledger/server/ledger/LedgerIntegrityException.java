package dev.cabledger.server.ledger;

/** The stored log is not what the service wrote: a node or entry is missing or altered. */
public final class LedgerIntegrityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerIntegrityException(String message) {
    super(message);
  }
}
