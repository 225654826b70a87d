package dev.cabledger.server.workflow;

/** A prepared decision signed by someone other than who prepared it (403). */
public final class PreparedDecisionNotYoursException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what is wrong and what to do. */
  PreparedDecisionNotYoursException(String message) {
    super(message);
  }
}
