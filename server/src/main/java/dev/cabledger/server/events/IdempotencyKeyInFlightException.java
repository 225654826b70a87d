package dev.cabledger.server.events;

/**
 * A request with this idempotency key is still being appended; the retry came too early. Nothing
 * was recorded by the retry.
 */
public final class IdempotencyKeyInFlightException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IdempotencyKeyInFlightException(String message) {
    super(message);
  }
}
