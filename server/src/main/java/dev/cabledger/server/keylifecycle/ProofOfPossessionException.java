package dev.cabledger.server.keylifecycle;

/**
 * The signature sent to prove possession of a key does not verify with that key over the challenge
 * (400): the caller has not shown that it holds the private key.
 */
public final class ProofOfPossessionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} names the key and why the proof fails. */
  ProofOfPossessionException(String message) {
    super(message);
  }
}
