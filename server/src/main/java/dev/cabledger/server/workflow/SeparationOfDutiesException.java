package dev.cabledger.server.workflow;

/**
 * The caller may not decide this record because of who they are in it (403): the change's
 * requester, the one who asked for the exception, or (when the policy keeps them apart) an approver
 * of the change's pull request. The policy would never count the decision, so it is refused before
 * anything is signed.
 */
public final class SeparationOfDutiesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says which role in the record keeps the caller from deciding. */
  public SeparationOfDutiesException(String message) {
    super(message);
  }
}
