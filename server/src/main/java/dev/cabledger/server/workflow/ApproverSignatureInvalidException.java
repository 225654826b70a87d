package dev.cabledger.server.workflow;

/** An approver's signature that does not verify over the prepared payload's DSSE PAE (400). */
public final class ApproverSignatureInvalidException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what is wrong and what to do. */
  ApproverSignatureInvalidException(String message) {
    super(message);
  }
}
