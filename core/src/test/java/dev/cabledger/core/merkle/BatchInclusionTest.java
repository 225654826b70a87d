package dev.cabledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchInclusionTest {
  private static final int MAX_LEAVES = 1100;

  private static List<Digest> leaves;
  private static Map<NodeId, Digest> nodes;

  @BeforeAll
  static void buildTree() {
    leaves = new ArrayList<>(MAX_LEAVES);
    for (int i = 0; i < MAX_LEAVES; i++) {
      leaves.add(MerkleHash.leaf(("entry " + i).getBytes(StandardCharsets.UTF_8)));
    }
    nodes = TestTrees.completeNodes(leaves);
  }

  private static Digest root(long size) {
    return MerkleTree.root(leaves.subList(0, (int) size));
  }

  private static Function<Long, Digest> leafHashes() {
    return i -> leaves.get(Math.toIntExact(i));
  }

  /** The nodes a batch may ask for: those of the stored tree of that size. */
  private static Function<NodeId, Digest> lookupBelow(long size) {
    return id -> {
      if (id.endLeaf() > size) {
        throw new AssertionError("asked for " + id + ", beyond a tree of size " + size);
      }
      return nodes.get(id);
    };
  }

  @Test
  void verify_randomBatchesOfEverySize_acceptedWithNodesOfTheirProofsOnly() {
    Random random = new Random(9162);
    LongStream sizes =
        LongStream.concat(
            LongStream.rangeClosed(1, 80), LongStream.of(511, 512, 513, 1023, 1024, MAX_LEAVES));
    for (long size : sizes.toArray()) {
      for (int round = 0; round < 5; round++) {
        Set<Long> batch = new TreeSet<>();
        int count = 1 + random.nextInt((int) Math.min(size, 60));
        while (batch.size() < count) {
          batch.add((long) random.nextInt((int) size));
        }
        BatchInclusion inclusion = BatchInclusion.of(batch, size);
        Set<NodeId> fromProofs = new HashSet<>();
        for (long leaf : batch) {
          fromProofs.addAll(InclusionProof.plan(leaf, size).nodes());
        }
        assertThat(fromProofs).as("size %d, leaves %s", size, batch).containsAll(inclusion.nodes());
        assertThatCode(() -> inclusion.verify(leafHashes(), lookupBelow(size), root(size)))
            .as("size %d, leaves %s", size, batch)
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void nodes_leavesCloseTogether_farFewerThanTheirProofs() {
    Set<Long> page = new TreeSet<>();
    for (long i = 600; i < 792; i++) {
      page.add(i);
    }
    int proofNodes = 0;
    for (long leaf : page) {
      proofNodes += InclusionProof.plan(leaf, MAX_LEAVES).nodes().size();
    }
    assertThat(BatchInclusion.of(page, MAX_LEAVES).nodes()).hasSizeLessThan(20);
    assertThat(proofNodes).isGreaterThan(192 * 9);
  }

  @Test
  void verify_oneLeafChanged_failsWithoutNamingIt() {
    Map<Long, Digest> hashes = new HashMap<>();
    for (long i : List.of(3L, 17L, 18L, 400L, 1099L)) {
      hashes.put(i, leaves.get((int) i));
    }
    hashes.put(18L, MerkleHash.leaf("a changed entry".getBytes(StandardCharsets.UTF_8)));
    BatchInclusion batch = BatchInclusion.of(hashes.keySet(), MAX_LEAVES);
    assertThatThrownBy(() -> batch.verify(hashes::get, lookupBelow(MAX_LEAVES), root(MAX_LEAVES)))
        .isInstanceOfSatisfying(
            VerificationException.class,
            e -> assertThat(e.failure()).isEqualTo(VerificationException.Failure.INCLUSION_PROOF))
        .hasMessageContaining("batch of 5 leaves (3..1099)")
        .hasMessageContaining("not the expected root");
  }

  @Test
  void verify_rootOfAnotherSize_fails() {
    BatchInclusion batch = BatchInclusion.of(List.of(5L, 6L), 700);
    assertThatThrownBy(() -> batch.verify(leafHashes(), lookupBelow(700), root(701)))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("in a tree of size 700 leads to root");
  }

  @Test
  void verify_nodeMissingFromTheStore_failsNamingIt() {
    BatchInclusion batch = BatchInclusion.of(List.of(0L), 8);
    assertThatThrownBy(() -> batch.verify(leafHashes(), id -> null, root(8)))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("needs Merkle node NodeId[level=0, index=1]")
        .hasMessageContaining("missing from the store");
  }

  @Test
  void verify_hashOfABatchLeafNotGiven_rejected() {
    BatchInclusion batch = BatchInclusion.of(List.of(2L, 4L), 8);
    assertThatThrownBy(() -> batch.verify(i -> i == 2 ? leaves.get(2) : null, nodes::get, root(8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no hash was given for leaf 4");
  }

  @Test
  void of_noLeafOrALeafOutsideTheTree_rejected() {
    assertThatThrownBy(() -> BatchInclusion.of(List.of(), 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a batch needs at least one leaf");
    assertThatThrownBy(() -> BatchInclusion.of(List.of(2L, 8L), 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaves 2..8 are not all in a tree of size 8");
    assertThatThrownBy(() -> BatchInclusion.of(List.of(-1L), 8))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
