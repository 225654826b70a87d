package dev.cabledger.server.events;

/** A request to append an event that is not acceptable as given; nothing was appended. */
public final class InvalidEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what to fix; it is shown to the caller. */
  public InvalidEventException(String message) {
    super(message);
  }
}
