package dev.cabledger.server.workflow;

/** A request a workflow endpoint refuses before anything is signed or written (400). */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} names the member that is wrong and what it must be. */
  public InvalidInputException(String message) {
    super(message);
  }
}
