package dev.cabledger.server.access;

/**
 * A record, or a whole resource, outside the caller's client scope. Answered as 404 like a record
 * that does not exist, so a tenant cannot learn what other tenants have.
 */
public final class NotVisibleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} is shown to the caller: it must name only what the caller asked for. */
  public NotVisibleException(String message) {
    super(message);
  }
}
