package dev.cabledger.server.events;

/** The caller used an idempotency key again with another request body; nothing was recorded. */
public final class IdempotencyKeyReusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IdempotencyKeyReusedException(String message) {
    super(message);
  }
}
