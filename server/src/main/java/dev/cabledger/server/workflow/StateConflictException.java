package dev.cabledger.server.workflow;

/**
 * A well-formed request that the change's current state forbids (409): a change id already taken, a
 * plan hash that differs from the stored change, an approval already revoked or expired.
 */
public final class StateConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what conflicts and what to do. */
  public StateConflictException(String message) {
    super(message);
  }
}
