package dev.cabledger.server.decisions;

/**
 * An approval that the policy counts only when signed by the approver's own key, asked for with the
 * service's signature alone (403): prepare and sign it.
 */
public final class ApproverSignatureRequiredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what is wrong and what to do. */
  ApproverSignatureRequiredException(String message) {
    super(message);
  }
}
