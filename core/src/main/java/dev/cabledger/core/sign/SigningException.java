package dev.cabledger.core.sign;

/** Signing failed; callers must fail closed (an unsigned approval is not an approval). */
public final class SigningException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message a person can act on. */
  public SigningException(String message) {
    super(message);
  }

  /** A failure caused by a provider or key error. */
  public SigningException(String message, Throwable cause) {
    super(message, cause);
  }
}
