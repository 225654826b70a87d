package dev.cabledger.server.workflow;

/** A signature by a key that is not the caller's active approver key (403). */
public final class ApproverKeyNotUsableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what is wrong and what to do. */
  ApproverKeyNotUsableException(String message) {
    super(message);
  }
}
