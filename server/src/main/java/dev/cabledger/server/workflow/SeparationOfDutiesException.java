package dev.cabledger.server.workflow;

/**
 * A decision the caller may not make about a record because of who they are in it: the change's
 * requester, or the one who asked for the exception (403). The policy would never count it, so it
 * is refused rather than recorded.
 */
public final class SeparationOfDutiesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says which role in the record keeps the caller from deciding. */
  public SeparationOfDutiesException(String message) {
    super(message);
  }
}
