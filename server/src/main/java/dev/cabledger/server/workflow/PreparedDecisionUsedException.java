package dev.cabledger.server.workflow;

/** A prepared decision signed a second time (409): each preparation is appended once. */
public final class PreparedDecisionUsedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what is wrong and what to do. */
  PreparedDecisionUsedException(String message) {
    super(message);
  }
}
