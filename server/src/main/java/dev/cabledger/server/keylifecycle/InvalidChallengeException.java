package dev.cabledger.server.keylifecycle;

/**
 * A proof of possession answers a challenge this service did not give the caller, or one that
 * expired or was used already (400): ask for a new one.
 */
public final class InvalidChallengeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says what is wrong with the challenge. */
  InvalidChallengeException(String message) {
    super(message);
  }
}
