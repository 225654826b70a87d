package dev.cabledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proofs from plan + resolve against a direct recursive RFC 9162 implementation, random trees. */
class MerkleRandomTest {
  private static final int MAX_LEAVES = 2100;
  private static final long SEED = 9162L;

  private static List<Digest> leaves;
  private static Map<NodeId, Digest> nodes;
  private static Function<NodeId, Digest> lookup;
  private static TestTrees.Reference reference;

  @BeforeAll
  static void buildTree() {
    Random random = new Random(SEED);
    leaves = new ArrayList<>(MAX_LEAVES);
    for (int i = 0; i < MAX_LEAVES; i++) {
      byte[] entry = new byte[1 + random.nextInt(40)];
      random.nextBytes(entry);
      leaves.add(MerkleHash.leaf(entry));
    }
    nodes = TestTrees.completeNodes(leaves);
    lookup = TestTrees.lookup(nodes);
    reference = new TestTrees.Reference(leaves);
  }

  /** Every size 1..70, then 200 random sizes up to 2100 and the powers of two around 1024/2048. */
  private static long[] sizes() {
    Random random = new Random(SEED + 1);
    LongStream small = LongStream.rangeClosed(1, 70);
    LongStream edges = LongStream.of(1023, 1024, 1025, 2047, 2048, 2049, MAX_LEAVES);
    LongStream randomSizes = random.longs(200, 71, MAX_LEAVES + 1);
    return LongStream.concat(LongStream.concat(small, edges), randomSizes).toArray();
  }

  private static long[] someBelow(Random random, long n, long from) {
    if (n - from <= 40) {
      return LongStream.range(from, n).toArray();
    }
    LongStream edges = LongStream.of(from, from + 1, n / 2, n - 2, n - 1);
    return LongStream.concat(edges, random.longs(30, from, n)).toArray();
  }

  @Test
  void root_equalsReferenceForEverySize() {
    for (long n : sizes()) {
      assertThat(MerkleTree.root(leaves.subList(0, (int) n)))
          .as("size %d", n)
          .isEqualTo(reference.mth(new TestTrees.Range(0, n)))
          .isEqualTo(MerkleTree.foldRange(MerkleTree.rootNodes(n).stream().map(lookup).toList()));
    }
  }

  @Test
  void inclusionPlan_equalsRecursiveRfcPathAndVerifies() {
    Random random = new Random(SEED + 2);
    int checked = 0;
    for (long n : sizes()) {
      Digest root = reference.mth(new TestTrees.Range(0, n));
      for (long m : someBelow(random, n, 0)) {
        ProofPlan plan = InclusionProof.plan(m, n);
        List<TestTrees.Range> expected = TestTrees.path(m, 0, n);
        assertThat(TestTrees.covered(plan))
            .as("ranges of PATH(%d, D[%d])", m, n)
            .isEqualTo(expected);
        assertThat(plan.nodes()).allSatisfy(id -> assertThat(id.endLeaf()).isLessThanOrEqualTo(n));
        List<Digest> hashes = plan.resolve(lookup);
        assertThat(hashes).as("PATH(%d, D[%d])", m, n).isEqualTo(reference.hashes(expected));
        InclusionProof proof = new InclusionProof(m, n, hashes);
        proof.verify(leaves.get((int) m), root);
        if (!hashes.isEmpty()) {
          List<Digest> altered = new ArrayList<>(hashes);
          int i = random.nextInt(altered.size());
          altered.set(i, TestTrees.flip(altered.get(i), random.nextInt(Digest.LENGTH)));
          assertThatThrownBy(
                  () -> new InclusionProof(m, n, altered).verify(leaves.get((int) m), root))
              .isInstanceOf(VerificationException.class);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(5_000);
  }

  @Test
  void consistencyPlan_equalsRecursiveRfcProofAndVerifies() {
    Random random = new Random(SEED + 3);
    int checked = 0;
    for (long n : sizes()) {
      Digest newRoot = reference.mth(new TestTrees.Range(0, n));
      for (long m : someBelow(random, n + 1, 1)) {
        ProofPlan plan = ConsistencyProof.plan(m, n);
        List<TestTrees.Range> expected = TestTrees.proof(m, n);
        assertThat(TestTrees.covered(plan))
            .as("ranges of PROOF(%d, D[%d])", m, n)
            .isEqualTo(expected);
        assertThat(plan.nodes()).allSatisfy(id -> assertThat(id.endLeaf()).isLessThanOrEqualTo(n));
        List<Digest> hashes = plan.resolve(lookup);
        assertThat(hashes).as("PROOF(%d, D[%d])", m, n).isEqualTo(reference.hashes(expected));
        Digest oldRoot = reference.mth(new TestTrees.Range(0, m));
        new ConsistencyProof(m, n, hashes).verify(oldRoot, newRoot);
        if (!hashes.isEmpty()) {
          List<Digest> altered = new ArrayList<>(hashes);
          int i = random.nextInt(altered.size());
          altered.set(i, TestTrees.flip(altered.get(i), random.nextInt(Digest.LENGTH)));
          assertThatThrownBy(() -> new ConsistencyProof(m, n, altered).verify(oldRoot, newRoot))
              .isInstanceOf(VerificationException.class);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(5_000);
  }

  @Test
  void plans_matchRecursiveRfcAndVerifyOnHugeTrees() {
    // All leaves equal, so MTH depends only on lengths and trees of up to 2^63 - 1 leaves hash
    // fast;
    // the node positions are checked separately through the ranges each element covers.
    TestTrees.Uniform tree = new TestTrees.Uniform(MerkleHash.leaf(new byte[] {42}));
    Random random = new Random(SEED + 4);
    long[] sizes = {
      1_000_000,
      1_000_001,
      1L << 20,
      (1L << 20) + 1,
      (1L << 32) + 5,
      (1L << 40) - 1,
      1L << 62,
      (1L << 62) + 1,
      Long.MAX_VALUE - 1,
      Long.MAX_VALUE
    };
    for (long n : sizes) {
      Digest root = tree.mth(n);
      List<Long> indexes = new ArrayList<>(List.of(0L, 1L, n / 2, n - 2, n - 1));
      random.longs(20, 0, n).forEach(indexes::add);
      for (long m : indexes) {
        ProofPlan plan = InclusionProof.plan(m, n);
        List<TestTrees.Range> expected = TestTrees.path(m, 0, n);
        assertThat(TestTrees.covered(plan)).as("PATH(%d, D[%d])", m, n).isEqualTo(expected);
        List<Digest> hashes = plan.resolve(tree::node);
        assertThat(hashes).isEqualTo(tree.hashes(expected));
        assertThatCode(
                () -> new InclusionProof(m, n, hashes).verify(tree.node(new NodeId(0, 0)), root))
            .as("inclusion of %d in %d", m, n)
            .doesNotThrowAnyException();
        long from = Math.max(1, m);
        ProofPlan consistency = ConsistencyProof.plan(from, n);
        List<TestTrees.Range> expectedConsistency = TestTrees.proof(from, n);
        assertThat(TestTrees.covered(consistency))
            .as("PROOF(%d, D[%d])", from, n)
            .isEqualTo(expectedConsistency);
        List<Digest> consistencyHashes = consistency.resolve(tree::node);
        assertThat(consistencyHashes).isEqualTo(tree.hashes(expectedConsistency));
        assertThatCode(
                () -> new ConsistencyProof(from, n, consistencyHashes).verify(tree.mth(from), root))
            .as("consistency from %d to %d", from, n)
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void plan_staysLogarithmicForAMillionLeaves() {
    long n = 1_000_000;
    for (long m = 0; m < n; m += 997) {
      ProofPlan plan = InclusionProof.plan(m, n);
      assertThat(plan.elements()).hasSizeLessThanOrEqualTo(20);
      assertThat(plan.nodes()).hasSizeLessThanOrEqualTo(40);
      ProofPlan consistency = ConsistencyProof.plan(m + 1, n);
      assertThat(consistency.elements()).hasSizeLessThanOrEqualTo(21);
      assertThat(consistency.nodes()).hasSizeLessThanOrEqualTo(40);
    }
  }
}
