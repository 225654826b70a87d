package dev.cabledger.core;

/** Thrown when a signature, proof, checkpoint or format check fails; the message names what. */
public final class VerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of check failed. */
  public enum Failure {
    /** A signature did not verify, or was made by an unknown, retired or compromised key. */
    SIGNATURE,
    /** An inclusion proof did not lead to the expected root. */
    INCLUSION_PROOF,
    /** A consistency proof did not join the two roots, or none was given where one is needed. */
    CONSISTENCY_PROOF,
    /** The log is smaller than a checkpoint seen earlier: it was rolled back. */
    ROLLBACK,
    /** The log does not extend a checkpoint seen earlier: same or larger size, another history. */
    FORK,
    /** A checkpoint or signed note is malformed or its signature is missing or invalid. */
    CHECKPOINT,
    /** A key is malformed, unknown or not allowed to sign this. */
    KEY,
    /** Input bytes are not in the format the spec requires. */
    FORMAT
  }

  private final Failure failure;

  public VerificationException(Failure failure, String message) {
    super(message);
    this.failure = failure;
  }

  public VerificationException(Failure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
  }

  /** The kind of check that failed. */
  public Failure failure() {
    return failure;
  }
}
