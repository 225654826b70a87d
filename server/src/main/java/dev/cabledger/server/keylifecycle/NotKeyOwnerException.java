package dev.cabledger.server.keylifecycle;

/**
 * The caller may not end this key (403): an approver key is retired by its owner or a platform
 * admin, the service's own keys by a platform admin only.
 */
public final class NotKeyOwnerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} names the key, its owner and who may end it. */
  NotKeyOwnerException(String message) {
    super(message);
  }
}
