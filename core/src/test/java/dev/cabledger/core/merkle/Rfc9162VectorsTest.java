package dev.cabledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The published RFC 6962/9162 reference tree over 8 leaves (see testdata/SOURCE.md). */
class Rfc9162VectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static List<Digest> leaves;
  private static List<Digest> roots;
  private static List<InclusionProof> inclusionProofs;
  private static List<ConsistencyProof> consistencyProofs;
  private static Map<NodeId, Digest> nodes;

  @BeforeAll
  static void load() throws IOException {
    JsonNode json;
    try (InputStream in =
        Rfc9162VectorsTest.class.getResourceAsStream("/testdata/rfc9162-merkle.json")) {
      assertThat(in).as("test vectors on the classpath").isNotNull();
      json = JsonMapper.builder().build().readTree(in);
    }
    leaves = new ArrayList<>();
    for (JsonNode hex : json.get("leafInputsHex")) {
      leaves.add(MerkleHash.leaf(HEX.parseHex(hex.stringValue())));
    }
    roots = new ArrayList<>();
    for (JsonNode hex : json.get("rootHashesBySize")) {
      roots.add(Digest.fromHex(hex.stringValue()));
    }
    inclusionProofs = new ArrayList<>();
    for (JsonNode p : json.get("inclusionProofs")) {
      inclusionProofs.add(
          new InclusionProof(
              p.get("leafIndex").longValue(),
              p.get("treeSize").longValue(),
              hashes(p.get("proof"))));
    }
    consistencyProofs = new ArrayList<>();
    for (JsonNode p : json.get("consistencyProofs")) {
      consistencyProofs.add(
          new ConsistencyProof(
              p.get("size1").longValue(), p.get("size2").longValue(), hashes(p.get("proof"))));
    }
    nodes = TestTrees.completeNodes(leaves);
  }

  private static List<Digest> hashes(JsonNode array) {
    List<Digest> out = new ArrayList<>();
    for (JsonNode hex : array) {
      out.add(Digest.fromHex(hex.stringValue()));
    }
    return out;
  }

  @Test
  void vectors_coverEverySizeAndPair() {
    assertThat(leaves).hasSize(8);
    assertThat(roots).hasSize(9);
    assertThat(inclusionProofs).hasSize(36); // every (m, n) with 0 <= m < n <= 8
    assertThat(consistencyProofs).hasSize(36); // every (m, n) with 1 <= m <= n <= 8
  }

  @Test
  void root_matchesEveryPublishedRootBySize() {
    for (int n = 0; n <= 8; n++) {
      List<Digest> prefix = leaves.subList(0, n);
      assertThat(MerkleTree.root(prefix))
          .as("MerkleTree.root of size %d", n)
          .isEqualTo(roots.get(n));
      List<Digest> frontier =
          MerkleTree.rootNodes(n).stream().map(TestTrees.lookup(nodes)).toList();
      assertThat(MerkleTree.foldRange(frontier))
          .as("folded root nodes of size %d", n)
          .isEqualTo(roots.get(n));
      CompactRange range = CompactRange.empty();
      prefix.forEach(leaf -> range.append(leaf, (id, h) -> {}));
      assertThat(range.root()).as("CompactRange root of size %d", n).isEqualTo(roots.get(n));
    }
  }

  @Test
  void inclusionPlan_reproducesEveryPublishedProof() {
    for (InclusionProof expected : inclusionProofs) {
      ProofPlan plan = InclusionProof.plan(expected.leafIndex(), expected.treeSize());
      assertThat(plan.resolve(TestTrees.lookup(nodes)))
          .as("%s", expected)
          .isEqualTo(expected.hashes());
    }
  }

  @Test
  void consistencyPlan_reproducesEveryPublishedProof() {
    for (ConsistencyProof expected : consistencyProofs) {
      ProofPlan plan = ConsistencyProof.plan(expected.fromSize(), expected.toSize());
      assertThat(plan.resolve(TestTrees.lookup(nodes)))
          .as("%s", expected)
          .isEqualTo(expected.hashes());
    }
  }

  @Test
  void inclusionVerify_acceptsEveryPublishedProof() {
    for (InclusionProof p : inclusionProofs) {
      assertThatCode(() -> p.verify(leaf(p.leafIndex()), root(p.treeSize())))
          .as("%s", p)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void consistencyVerify_acceptsEveryPublishedProof() {
    for (ConsistencyProof p : consistencyProofs) {
      assertThatCode(() -> p.verify(root(p.fromSize()), root(p.toSize())))
          .as("%s", p)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void inclusionVerify_rejectsFlippedByteInAnyHash() {
    for (InclusionProof p : inclusionProofs) {
      for (int i = 0; i < p.hashes().size(); i++) {
        for (int b : new int[] {0, 17, 31}) {
          List<Digest> altered = new ArrayList<>(p.hashes());
          altered.set(i, TestTrees.flip(altered.get(i), b));
          rejectInclusion(new InclusionProof(p.leafIndex(), p.treeSize(), altered), p, "root");
        }
      }
    }
  }

  @Test
  void inclusionVerify_rejectsDroppedOrExtraHash() {
    for (InclusionProof p : inclusionProofs) {
      List<Digest> extra = new ArrayList<>(p.hashes());
      extra.add(roots.get(1));
      rejectInclusion(new InclusionProof(p.leafIndex(), p.treeSize(), extra), p, "more than");
      List<Digest> extraFirst = new ArrayList<>(p.hashes());
      extraFirst.addFirst(roots.get(1));
      rejectInclusion(new InclusionProof(p.leafIndex(), p.treeSize(), extraFirst), p, "more than");
      if (!p.hashes().isEmpty()) {
        List<Digest> dropped = p.hashes().subList(0, p.hashes().size() - 1);
        rejectInclusion(new InclusionProof(p.leafIndex(), p.treeSize(), dropped), p, "fewer than");
        List<Digest> droppedFirst = p.hashes().subList(1, p.hashes().size());
        rejectInclusion(
            new InclusionProof(p.leafIndex(), p.treeSize(), droppedFirst), p, "fewer than");
      }
    }
  }

  @Test
  void inclusionVerify_rejectsWrongIndex() {
    for (InclusionProof p : inclusionProofs) {
      for (long m :
          new long[] {p.leafIndex() - 1, p.leafIndex() + 1, p.treeSize(), p.treeSize() + 5}) {
        if (m >= 0) {
          rejectInclusion(new InclusionProof(m, p.treeSize(), p.hashes()), p, "");
        }
      }
    }
  }

  @Test
  void inclusionVerify_rejectsIndexNotBelowSize() {
    InclusionProof p = new InclusionProof(8, 8, inclusionProofs.getLast().hashes());
    assertThatThrownBy(() -> p.verify(leaf(7), root(8)))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("leaf index 8 is not below the tree size 8");
    InclusionProof empty = new InclusionProof(0, 0, List.of());
    assertThatThrownBy(() -> empty.verify(leaf(0), root(0)))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("not below the tree size 0");
  }

  // A proof binds the sizes only together with their roots: RFC 9162 verification recomputes the
  // roots, and the same hashes can fold to the same root under another claimed size (the path of
  // leaf 0 has the same shape in trees of 5 to 8 leaves). A signed checkpoint pairs each size with
  // its root, so the wrong-size cases below claim another size together with that size's real root.

  @Test
  void inclusionVerify_rejectsWrongSize() {
    for (InclusionProof p : inclusionProofs) {
      for (long n = 1; n <= 8; n++) {
        for (long m = 0; m < n; m++) {
          if (m != p.leafIndex() || n != p.treeSize()) {
            InclusionProof claimed = new InclusionProof(m, n, p.hashes());
            Digest leafHash = leaf(m);
            Digest rootHash = root(n);
            assertThatThrownBy(() -> claimed.verify(leafHash, rootHash))
                .as("%s claimed as leaf %d of size %d", p, m, n)
                .isInstanceOfSatisfying(VerificationException.class, e -> assertInclusion(e, ""));
          }
        }
      }
    }
  }

  @Test
  void inclusionVerify_rejectsWrongRootOrLeaf() {
    for (InclusionProof p : inclusionProofs) {
      Digest otherRoot = root(p.treeSize() == 8 ? 7 : p.treeSize() + 1);
      assertThatThrownBy(() -> p.verify(leaf(p.leafIndex()), otherRoot))
          .as("%s against another root", p)
          .isInstanceOfSatisfying(VerificationException.class, e -> assertInclusion(e, "root"));
      Digest otherLeaf = leaf((p.leafIndex() + 1) % 8);
      assertThatThrownBy(() -> p.verify(otherLeaf, root(p.treeSize())))
          .as("%s with another leaf", p)
          .isInstanceOfSatisfying(VerificationException.class, e -> assertInclusion(e, "root"));
    }
  }

  @Test
  void consistencyVerify_rejectsFlippedByteInAnyHash() {
    for (ConsistencyProof p : consistencyProofs) {
      for (int i = 0; i < p.hashes().size(); i++) {
        for (int b : new int[] {0, 17, 31}) {
          List<Digest> altered = new ArrayList<>(p.hashes());
          altered.set(i, TestTrees.flip(altered.get(i), b));
          rejectConsistency(new ConsistencyProof(p.fromSize(), p.toSize(), altered), p, "root");
        }
      }
    }
  }

  @Test
  void consistencyVerify_rejectsDroppedOrExtraHash() {
    for (ConsistencyProof p : consistencyProofs) {
      List<Digest> extra = new ArrayList<>(p.hashes());
      extra.add(roots.get(1));
      rejectConsistency(new ConsistencyProof(p.fromSize(), p.toSize(), extra), p, "");
      List<Digest> extraFirst = new ArrayList<>(p.hashes());
      extraFirst.addFirst(roots.get(1));
      rejectConsistency(new ConsistencyProof(p.fromSize(), p.toSize(), extraFirst), p, "");
      if (!p.hashes().isEmpty()) {
        List<Digest> dropped = p.hashes().subList(0, p.hashes().size() - 1);
        rejectConsistency(new ConsistencyProof(p.fromSize(), p.toSize(), dropped), p, "");
        List<Digest> droppedFirst = p.hashes().subList(1, p.hashes().size());
        rejectConsistency(new ConsistencyProof(p.fromSize(), p.toSize(), droppedFirst), p, "");
      }
    }
  }

  @Test
  void consistencyVerify_rejectsWrongSizes() {
    for (ConsistencyProof p : consistencyProofs) {
      for (long m = 0; m <= 8; m++) {
        for (long n = 0; n <= 8; n++) {
          // Between equal sizes an empty proof only says the two roots are equal, which they are.
          boolean trivial = m == n && p.fromSize() == p.toSize();
          if ((m != p.fromSize() || n != p.toSize()) && !trivial) {
            ConsistencyProof claimed = new ConsistencyProof(m, n, p.hashes());
            Digest fromRoot = root(m);
            Digest toRoot = root(n);
            assertThatThrownBy(() -> claimed.verify(fromRoot, toRoot))
                .as("%s claimed as sizes %d to %d", p, m, n)
                .isInstanceOfSatisfying(VerificationException.class, e -> assertConsistency(e, ""));
          }
        }
      }
    }
  }

  @Test
  void consistencyVerify_rejectsWrongRoots() {
    for (ConsistencyProof p : consistencyProofs) {
      Digest otherFrom = root(p.fromSize() == 1 ? 2 : p.fromSize() - 1);
      Digest otherTo = root(p.toSize() == 8 ? 7 : p.toSize() + 1);
      assertThatThrownBy(() -> p.verify(otherFrom, root(p.toSize())))
          .as("%s with a wrong old root", p)
          .isInstanceOfSatisfying(VerificationException.class, e -> assertConsistency(e, "root"));
      assertThatThrownBy(() -> p.verify(root(p.fromSize()), otherTo))
          .as("%s with a wrong new root", p)
          .isInstanceOfSatisfying(VerificationException.class, e -> assertConsistency(e, "root"));
      if (p.fromSize() != p.toSize()) {
        assertThatThrownBy(() -> p.verify(root(p.toSize()), root(p.fromSize())))
            .as("%s with the roots swapped", p)
            .isInstanceOfSatisfying(VerificationException.class, e -> assertConsistency(e, "root"));
      }
    }
  }

  @Test
  void consistencyVerify_rejectsEmptyProofBetweenDifferentSizes() {
    ConsistencyProof p = new ConsistencyProof(3, 7, List.of());
    assertThatThrownBy(() -> p.verify(root(3), root(7)))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertConsistency(e, "is empty"));
  }

  @Test
  void consistencyVerify_rejectsProofFromEmptyTree() {
    ConsistencyProof p = new ConsistencyProof(0, 4, List.of());
    assertThatThrownBy(() -> p.verify(root(0), root(4)))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertConsistency(e, "empty tree"));
  }

  private static Digest leaf(long index) {
    return leaves.get((int) index);
  }

  private static Digest root(long size) {
    return roots.get((int) size);
  }

  private static void rejectInclusion(
      InclusionProof altered, InclusionProof original, String what) {
    assertThatThrownBy(() -> altered.verify(leaf(original.leafIndex()), root(original.treeSize())))
        .as("altered %s of original %s", altered, original)
        .isInstanceOfSatisfying(VerificationException.class, e -> assertInclusion(e, what));
  }

  private static void rejectConsistency(
      ConsistencyProof altered, ConsistencyProof original, String what) {
    assertThatThrownBy(() -> altered.verify(root(original.fromSize()), root(original.toSize())))
        .as("altered %s of original %s", altered, original)
        .isInstanceOfSatisfying(VerificationException.class, e -> assertConsistency(e, what));
  }

  private static void assertInclusion(VerificationException e, String what) {
    assertThat(e.failure()).isEqualTo(Failure.INCLUSION_PROOF);
    assertThat(e.getMessage()).startsWith("inclusion proof of leaf ").contains(what);
  }

  private static void assertConsistency(VerificationException e, String what) {
    assertThat(e.failure()).isEqualTo(Failure.CONSISTENCY_PROOF);
    assertThat(e.getMessage()).startsWith("consistency proof from tree size ").contains(what);
  }
}
