package dev.cabledger.core.bundle;

import static dev.cabledger.core.bundle.TestBundles.ORIGIN;
import static dev.cabledger.core.bundle.TestBundles.STRANGER;
import static dev.cabledger.core.bundle.TestBundles.approval;
import static dev.cabledger.core.bundle.TestBundles.log;
import static dev.cabledger.core.bundle.TestBundles.logKey;
import static dev.cabledger.core.bundle.TestBundles.serviceKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.registry.KeyRing;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogHistoryTest {
  private static final KeyRing KEYS = KeyRing.of(List.of(serviceKey(), logKey()));

  /** Entries 0 … 14: the log when the auditor saved its checkpoint. */
  private final TestBundles.Log original = log(13);

  @Test
  void requireExtends_bundleCarryingProofFromSavedSize_passes() {
    TestBundles.Log grown = grow(original, 5);
    byte[] bundle = bundleWithProofsFrom(grown, 15);

    LogHistory history = history(bundle, Set.of());

    assertThat(history.requireExtends(original.note(15)).size()).isEqualTo(15);
  }

  @Test
  void requireExtends_rolledBackLog_reportsRollback() {
    byte[] bundle = original.bundle(0, 12, 12).write();

    assertThatThrownBy(() -> history(bundle, Set.of()).requireExtends(original.note(15)))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.ROLLBACK))
        .hasMessageContaining("size 12, smaller than the size 15");
  }

  @Test
  void requireExtends_oldBranchGrownPastSavedSize_reportsFork() {
    TestBundles.Log forked = forkAt(original, 12, 4);
    byte[] bundle = bundleWithProofsFrom(forked, 15);

    assertThatThrownBy(() -> history(bundle, Set.of()).requireExtends(original.note(15)))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORK))
        .hasMessageContaining("size 16 does not extend the checkpoint of size 15");
  }

  @Test
  void requireExtends_savedCheckpointNotSignedByLogKey_isRejected() {
    String forged = new CheckpointSigner(ORIGIN, STRANGER).sign(original.checkpoint(15)).note();
    byte[] bundle = original.bundle().write();

    assertThatThrownBy(() -> history(bundle, Set.of()).requireExtends(forged))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CHECKPOINT))
        .hasMessageContaining("the checkpoint kept earlier does not verify with any log key");
  }

  @Test
  void checkReceipts_receiptsOfTheSameLog_pass() {
    TestBundles.Log grown = grow(original, 3);
    List<Receipt> receipts = List.of(original.receipt(3, 10), original.receipt(14, 15));
    byte[] bundle = bundleWithProofsFrom(grown, 10, 15);
    BundleLookup lookup = lookup(bundle, Set.of(3L, 14L));

    assertThat(history(bundle, lookup).checkReceipts(receipts, lookup::leaf)).isEmpty();
  }

  @Test
  void checkReceipts_entryReplacedOnForkedLog_isReportedByIndex() {
    TestBundles.Log forked = forkAt(original, 12, 4);
    byte[] bundle = bundleWithProofsFrom(forked, 15);
    BundleLookup lookup = lookup(bundle, Set.of(13L));

    List<Finding> findings =
        history(bundle, lookup).checkReceipts(List.of(original.receipt(13, 15)), lookup::leaf);

    assertThat(findings).hasSize(1);
    assertThat(findings.getFirst().entryIndex()).hasValue(13);
    assertThat(findings.getFirst().message()).contains("fork");
  }

  @Test
  void checkReceipts_leafHashNotTheEntryNow_isReported() {
    Receipt good = original.receipt(3, 15);
    byte[] bundle = original.bundle().write();
    BundleLookup lookup = lookup(bundle, Set.of(3L));
    Digest other = MerkleHash.leaf(new byte[] {1});

    List<Finding> findings =
        history(bundle, lookup).checkReceipts(List.of(good), i -> Optional.of(other));

    assertThat(findings)
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("leaf hash"));
  }

  @Test
  void checkReceipts_alteredReceipt_isReported() {
    Receipt good = original.receipt(3, 15);
    Receipt wrongLeaf =
        new Receipt(3, MerkleHash.leaf(new byte[] {1}), good.checkpoint(), good.inclusionProof());
    Receipt wrongIndex = new Receipt(4, good.leafHash(), good.checkpoint(), good.inclusionProof());
    Receipt beyondTree = new Receipt(15, good.leafHash(), good.checkpoint(), good.inclusionProof());
    Receipt forgedNote =
        new Receipt(
            3,
            good.leafHash(),
            new CheckpointSigner(ORIGIN, STRANGER).sign(original.checkpoint(15)).note(),
            good.inclusionProof());
    byte[] bundle = original.bundle().write();
    BundleLookup lookup = lookup(bundle, Set.of(3L, 4L, 15L));

    List<Finding> findings =
        history(bundle, lookup)
            .checkReceipts(List.of(wrongLeaf, wrongIndex, beyondTree, forgedNote), lookup::leaf);

    assertThat(findings).hasSize(4);
    assertThat(findings.get(0).message()).contains("inclusion proof");
    assertThat(findings.get(1).message()).contains("inclusion proof");
    assertThat(findings.get(2).message()).contains("not below its checkpoint's tree size 15");
    assertThat(findings.get(3).message()).contains("does not verify with any log key");
  }

  @Test
  void checkReceipts_entryOutsideBundle_isReportedUnchecked() {
    byte[] bundle = original.bundle(5, 15, 15).write();
    BundleLookup lookup = lookup(bundle, Set.of(3L));

    List<Finding> findings =
        history(bundle, lookup).checkReceipts(List.of(original.receipt(3, 15)), lookup::leaf);

    assertThat(findings)
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("not in the bundle"));
  }

  @Test
  void checkReceipts_noLogKey_isReported() {
    byte[] bundle = original.bundle().write();
    Checkpoint current = verify(bundle);
    LogHistory history =
        new LogHistory(current, KeyRing.of(List.of(serviceKey())), s -> Optional.empty());

    assertThat(history.checkReceipts(List.of(original.receipt(3, 15)), i -> Optional.empty()))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("no log key"));
  }

  @Test
  void lookup_entryWhoseProofDoesNotLead_isNotTaken() {
    TestBundles.Bundle b = original.bundle();
    b.mapEntry(3, e -> e.withProof(b.entries.get(4).proof()));
    Checkpoint current = original.checkpoint(15);

    BundleLookup lookup =
        BundleLookup.read(new ByteArrayInputStream(b.write()), current, Set.of(3L, 4L));

    assertThat(lookup.leaf(3)).isEmpty();
    assertThat(lookup.leaf(4)).hasValue(original.leaves.get(4));
    assertThat(lookup.keys()).isPresent();
  }

  @Test
  void lookup_proofsToOtherSizes_areIgnoredAndMalformedRejected() {
    TestBundles.Bundle b = original.bundle();
    b.consistencyProofs.add(original.consistency(10, 14));
    BundleLookup lookup =
        BundleLookup.read(new ByteArrayInputStream(b.write()), original.checkpoint(15), Set.of());
    assertThat(lookup.consistencyFrom(10)).isEmpty();

    String bad =
        new String(b.write(), StandardCharsets.UTF_8).replace("\"toSize\":14", "\"toSize\":\"x\"");
    assertThatThrownBy(
            () ->
                BundleLookup.read(
                    new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)),
                    original.checkpoint(15),
                    Set.of()))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("toSize");
    assertThatThrownBy(
            () ->
                BundleLookup.read(
                    new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8)),
                    original.checkpoint(15),
                    Set.of()))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("not a JSON object");
  }

  private static LogHistory history(byte[] bundle, Set<Long> indexes) {
    return history(bundle, lookup(bundle, indexes));
  }

  private static LogHistory history(byte[] bundle, BundleLookup lookup) {
    return new LogHistory(verify(bundle), KEYS, lookup::consistencyFrom);
  }

  private static BundleLookup lookup(byte[] bundle, Set<Long> indexes) {
    return BundleLookup.read(new ByteArrayInputStream(bundle), verify(bundle), indexes);
  }

  private static Checkpoint verify(byte[] bundle) {
    return TestBundles.verify(bundle, Optional.of(KEYS)).checkpoint();
  }

  private static byte[] bundleWithProofsFrom(TestBundles.Log log, long... sizes) {
    TestBundles.Bundle b = log.bundle();
    for (long size : sizes) {
      b.consistencyProofs.add(log.consistency(size, log.size()));
    }
    return b.write();
  }

  /** The same log with {@code more} approvals appended. */
  private static TestBundles.Log grow(TestBundles.Log log, int more) {
    TestBundles.Log grown = new TestBundles.Log();
    log.entries.forEach(grown::append);
    for (int i = 0; i < more; i++) {
      grown.appendSigned(approval(grown.size()), TestBundles.SERVICE);
    }
    return grown;
  }

  /** The first {@code keep} entries of the log, then {@code more} other approvals. */
  private static TestBundles.Log forkAt(TestBundles.Log log, int keep, int more) {
    TestBundles.Log forked = new TestBundles.Log();
    log.entries.subList(0, keep).forEach(forked::append);
    for (int i = 0; i < more; i++) {
      forked.appendSigned(approval(100 + i), TestBundles.SERVICE);
    }
    return forked;
  }
}
