package dev.cabledger.server.events;

/** An {@code Idempotency-Key} header that is not a key; nothing was recorded. */
public final class InvalidIdempotencyKeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what a key must be; it is shown to the caller. */
  public InvalidIdempotencyKeyException(String message) {
    super(message);
  }
}
