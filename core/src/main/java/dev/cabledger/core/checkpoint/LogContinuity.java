package dev.cabledger.core.checkpoint;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.merkle.ConsistencyProof;
import java.util.Optional;

/**
 * Decides whether a log's current checkpoint extends one seen earlier, so that a log rolled back to
 * an older copy, or grown again on another branch, is detected (RFC 9162 §2.1.4, §8.1.2: a client
 * that kept a checkpoint asks for a consistency proof to the newer one). Both checkpoints must
 * already have been verified with the log key; this class compares them.
 */
public final class LogContinuity {
  private LogContinuity() {}

  /**
   * Requires {@code current} to extend {@code earlier}.
   *
   * <ul>
   *   <li>a smaller current size is a rollback ({@link Failure#ROLLBACK});
   *   <li>the same size with another root, or a larger size whose proof does not join the two
   *       roots, is a fork ({@link Failure#FORK});
   *   <li>a larger size without a proof from exactly the earlier size to exactly the current one
   *       cannot be decided and fails closed ({@link Failure#CONSISTENCY_PROOF}).
   * </ul>
   *
   * The empty tree is a prefix of every tree, so an earlier size of 0 needs no proof.
   *
   * @throws VerificationException naming both sizes when {@code current} does not extend it
   */
  public static void requireExtends(
      Checkpoint earlier, Checkpoint current, Optional<ConsistencyProof> proof) {
    if (!earlier.origin().equals(current.origin())) {
      throw new VerificationException(
          Failure.CHECKPOINT,
          "the checkpoint kept earlier is of log \""
              + earlier.origin()
              + "\", the current one of log \""
              + current.origin()
              + "\"");
    }
    long was = earlier.size();
    long now = current.size();
    if (now < was) {
      throw new VerificationException(
          Failure.ROLLBACK,
          "rollback: the log now has size "
              + now
              + ", smaller than the size "
              + was
              + " of the checkpoint kept earlier");
    }
    if (now == was) {
      if (!current.root().equals(earlier.root())) {
        throw new VerificationException(
            Failure.FORK,
            "fork: the log has size "
                + now
                + " as the checkpoint kept earlier, but root "
                + current.root()
                + " instead of "
                + earlier.root());
      }
      return;
    }
    if (was == 0) {
      return;
    }
    if (proof.isEmpty()) {
      throw new VerificationException(
          Failure.CONSISTENCY_PROOF,
          "no consistency proof from size " + was + " to size " + now + " to decide it");
    }
    ConsistencyProof p = proof.get();
    if (p.fromSize() != was || p.toSize() != now) {
      throw new VerificationException(
          Failure.CONSISTENCY_PROOF,
          "the consistency proof is from size "
              + p.fromSize()
              + " to "
              + p.toSize()
              + ", but sizes "
              + was
              + " to "
              + now
              + " are needed");
    }
    try {
      p.verify(earlier.root(), current.root());
    } catch (VerificationException e) {
      throw new VerificationException(
          Failure.FORK,
          "fork: the log of size "
              + now
              + " does not extend the checkpoint of size "
              + was
              + " kept earlier ("
              + e.getMessage()
              + ")",
          e);
    }
  }
}
