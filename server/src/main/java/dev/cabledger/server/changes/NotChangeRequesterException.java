package dev.cabledger.server.changes;

/**
 * The caller may not re-plan this change (403): only the subject that submitted it, or a platform
 * admin, says which plan file a change is for.
 */
public final class NotChangeRequesterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} names the change, its requester and who may re-plan it. */
  NotChangeRequesterException(String message) {
    super(message);
  }
}
