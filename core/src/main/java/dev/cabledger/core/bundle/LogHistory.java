package dev.cabledger.core.bundle;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.checkpoint.LogContinuity;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.RegisteredKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Checks what an auditor or client kept from the log earlier against the log's current, verified
 * checkpoint: a saved checkpoint, and receipts of appends. Anything kept earlier must be signed by
 * a log key and extended by the current checkpoint ({@link LogContinuity}); otherwise the log was
 * rolled back or forked.
 */
public final class LogHistory {
  private final Checkpoint current;
  private final List<RegisteredKey> logKeys;
  private final LongFunction<Optional<ConsistencyProof>> proofsToCurrent;

  /**
   * A history check.
   *
   * @param current the verified checkpoint of the log now (e.g. of a verified bundle)
   * @param keys the trusted keys; their {@code log} keys verify what was kept
   * @param proofsToCurrent a consistency proof from a size to the current size, where one is known
   */
  public LogHistory(
      Checkpoint current, KeyRing keys, LongFunction<Optional<ConsistencyProof>> proofsToCurrent) {
    this.current = current;
    this.logKeys = keys.withPurpose("log");
    this.proofsToCurrent = proofsToCurrent;
  }

  /**
   * Verifies a checkpoint note kept earlier and requires the current checkpoint to extend it.
   *
   * @return the checkpoint kept earlier
   * @throws VerificationException ({@link Failure#ROLLBACK}, {@link Failure#FORK}, or why it could
   *     not be decided) naming both sizes
   */
  public Checkpoint requireExtends(String savedNote) {
    Checkpoint saved = verifyNote(savedNote, "the checkpoint kept earlier");
    LogContinuity.requireExtends(saved, current, proofsToCurrent.apply(saved.size()));
    return saved;
  }

  /**
   * Checks receipts: each one's checkpoint verifies with a log key and is extended by the current
   * checkpoint, its inclusion proof puts its leaf hash at its index, and the entry at that index
   * has that leaf hash now.
   *
   * @param leafNow the verified leaf hash of an entry now (e.g. from the bundle), where known
   * @return one finding per receipt that fails, naming its index; empty when all pass
   */
  public List<Finding> checkReceipts(
      List<Receipt> receipts, LongFunction<Optional<Digest>> leafNow) {
    List<Finding> findings = new ArrayList<>();
    for (Receipt r : receipts) {
      try {
        checkReceipt(r, leafNow);
      } catch (VerificationException e) {
        findings.add(Finding.ofEntry(r.index(), "receipt: " + e.getMessage()));
      }
    }
    return findings;
  }

  private void checkReceipt(Receipt r, LongFunction<Optional<Digest>> leafNow) {
    Checkpoint then = verifyNote(r.checkpoint(), "its checkpoint");
    if (r.index() >= then.size()) {
      throw new VerificationException(
          Failure.INCLUSION_PROOF,
          "its index is not below its checkpoint's tree size " + then.size());
    }
    new InclusionProof(r.index(), then.size(), r.inclusionProof())
        .verify(r.leafHash(), then.root());
    LogContinuity.requireExtends(then, current, proofsToCurrent.apply(then.size()));
    Optional<Digest> now = leafNow.apply(r.index());
    if (now.isEmpty()) {
      throw new VerificationException(
          Failure.INCLUSION_PROOF, "the entry is not in the bundle, so its leaf hash is unchecked");
    }
    if (!now.get().equals(r.leafHash())) {
      throw new VerificationException(
          Failure.INCLUSION_PROOF,
          "the entry now has leaf hash " + now.get() + ", the receipt says " + r.leafHash());
    }
  }

  private Checkpoint verifyNote(String note, String what) {
    if (logKeys.isEmpty()) {
      throw new VerificationException(
          Failure.CHECKPOINT, "there is no log key to verify " + what + " with");
    }
    List<String> failures = new ArrayList<>();
    for (RegisteredKey k : logKeys) {
      try {
        return new CheckpointVerifier(current.origin(), k.toPublicKey()).verify(note).checkpoint();
      } catch (VerificationException e) {
        failures.add(k.keyId() + ": " + e.getMessage());
      }
    }
    throw new VerificationException(
        Failure.CHECKPOINT, what + " does not verify with any log key: " + failures);
  }
}
