package dev.cabledger.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.merkle.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class LogContinuityTest {
  private static final String ORIGIN = "ledger.example/test";

  /** The log as it was: 15 entries. */
  private static final List<Digest> HISTORY = leaves("a", 15);

  @Test
  void requireExtends_grownLogWithProof_passes() {
    List<Digest> grown = concat(HISTORY, leaves("b", 5));

    assertThatCode(
            () ->
                LogContinuity.requireExtends(
                    checkpoint(HISTORY), checkpoint(grown), Optional.of(proof(grown, 15, 20))))
        .doesNotThrowAnyException();
  }

  @Test
  void requireExtends_sameCheckpoint_passesWithoutProof() {
    assertThatCode(
            () ->
                LogContinuity.requireExtends(
                    checkpoint(HISTORY), checkpoint(HISTORY), Optional.empty()))
        .doesNotThrowAnyException();
  }

  @Test
  void requireExtends_fromEmptyTree_passesWithoutProof() {
    assertThatCode(
            () ->
                LogContinuity.requireExtends(
                    checkpoint(List.of()), checkpoint(HISTORY), Optional.empty()))
        .doesNotThrowAnyException();
  }

  @Test
  void requireExtends_smallerLog_isRollbackNamingBothSizes() {
    List<Digest> restored = HISTORY.subList(0, 12);

    assertFailure(
        () ->
            LogContinuity.requireExtends(
                checkpoint(HISTORY), checkpoint(restored), Optional.empty()),
        Failure.ROLLBACK,
        "size 12, smaller than the size 15");
  }

  @Test
  void requireExtends_sameSizeOtherRoot_isFork() {
    List<Digest> other = concat(HISTORY.subList(0, 12), leaves("x", 3));

    assertFailure(
        () ->
            LogContinuity.requireExtends(checkpoint(HISTORY), checkpoint(other), Optional.empty()),
        Failure.FORK,
        "size 15 as the checkpoint kept earlier");
  }

  @Test
  void requireExtends_largerLogOnOtherBranch_isForkNamingBothSizes() {
    // Restored to 12 entries, then grown to 16 on the old branch: the proof is honest for the
    // new tree, but cannot join the root kept at size 15.
    List<Digest> forked = concat(HISTORY.subList(0, 12), leaves("x", 4));

    assertFailure(
        () ->
            LogContinuity.requireExtends(
                checkpoint(HISTORY), checkpoint(forked), Optional.of(proof(forked, 15, 16))),
        Failure.FORK,
        "size 16 does not extend the checkpoint of size 15");
  }

  @Test
  void requireExtends_largerLogWithoutProof_failsClosed() {
    List<Digest> grown = concat(HISTORY, leaves("b", 1));

    assertFailure(
        () ->
            LogContinuity.requireExtends(checkpoint(HISTORY), checkpoint(grown), Optional.empty()),
        Failure.CONSISTENCY_PROOF,
        "no consistency proof from size 15 to size 16");
  }

  @Test
  void requireExtends_proofBetweenOtherSizes_failsClosed() {
    List<Digest> grown = concat(HISTORY, leaves("b", 5));

    assertFailure(
        () ->
            LogContinuity.requireExtends(
                checkpoint(HISTORY), checkpoint(grown), Optional.of(proof(grown, 14, 20))),
        Failure.CONSISTENCY_PROOF,
        "from size 14 to 20, but sizes 15 to 20");
    assertFailure(
        () ->
            LogContinuity.requireExtends(
                checkpoint(HISTORY), checkpoint(grown), Optional.of(proof(grown, 15, 19))),
        Failure.CONSISTENCY_PROOF,
        "from size 15 to 19, but sizes 15 to 20");
  }

  @Test
  void requireExtends_otherLog_isRejected() {
    Checkpoint other = new Checkpoint("other.example/log", 15, MerkleTree.root(HISTORY));

    assertFailure(
        () -> LogContinuity.requireExtends(checkpoint(HISTORY), other, Optional.empty()),
        Failure.CHECKPOINT,
        "other.example/log");
  }

  private static Checkpoint checkpoint(List<Digest> leaves) {
    return new Checkpoint(ORIGIN, leaves.size(), MerkleTree.root(leaves));
  }

  private static ConsistencyProof proof(List<Digest> tree, long from, long to) {
    List<Digest> leaves = tree.subList(0, (int) to);
    return new ConsistencyProof(
        from,
        to,
        ConsistencyProof.plan(from, to)
            .resolve(n -> MerkleTree.root(leaves.subList((int) n.firstLeaf(), (int) n.endLeaf()))));
  }

  private static List<Digest> leaves(String prefix, int n) {
    List<Digest> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(MerkleHash.leaf((prefix + i).getBytes(StandardCharsets.UTF_8)));
    }
    return leaves;
  }

  private static List<Digest> concat(List<Digest> a, List<Digest> b) {
    List<Digest> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void assertFailure(ThrowingCallable call, Failure failure, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(failure))
        .hasMessageContaining(message);
  }
}
