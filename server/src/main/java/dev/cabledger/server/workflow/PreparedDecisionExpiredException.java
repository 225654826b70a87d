package dev.cabledger.server.workflow;

/** A prepared decision signed after its preparation expired (410): prepare it again. */
public final class PreparedDecisionExpiredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what is wrong and what to do. */
  PreparedDecisionExpiredException(String message) {
    super(message);
  }
}
