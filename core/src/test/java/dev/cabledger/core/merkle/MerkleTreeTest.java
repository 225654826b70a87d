package dev.cabledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MerkleHash, NodeId, MerkleTree ranges and ProofPlan on their own. */
class MerkleTreeTest {
  @Test
  void hashes_followRfc9162DomainSeparation() {
    byte[] entry = "entry".getBytes(StandardCharsets.UTF_8);
    byte[] prefixed = new byte[entry.length + 1];
    System.arraycopy(entry, 0, prefixed, 1, entry.length);
    assertThat(MerkleHash.leaf(entry)).isEqualTo(Digest.sha256(prefixed));
    Digest l = MerkleHash.leaf(new byte[] {1});
    Digest r = MerkleHash.leaf(new byte[] {2});
    byte[] node = new byte[65];
    node[0] = 1;
    System.arraycopy(l.bytes(), 0, node, 1, 32);
    System.arraycopy(r.bytes(), 0, node, 33, 32);
    assertThat(MerkleHash.node(l, r)).isEqualTo(Digest.sha256(node));
    assertThat(MerkleHash.empty().hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void nodeId_coversItsLeaves() {
    assertThat(new NodeId(0, 7).firstLeaf()).isEqualTo(7);
    assertThat(new NodeId(0, 7).endLeaf()).isEqualTo(8);
    assertThat(new NodeId(3, 2).firstLeaf()).isEqualTo(16);
    assertThat(new NodeId(3, 2).endLeaf()).isEqualTo(24);
    assertThat(new NodeId(62, 0).endLeaf()).isEqualTo(1L << 62);
    assertThat(new NodeId(0, Long.MAX_VALUE - 1).endLeaf()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void nodeId_rejectsOutOfRangeLevelOrIndex() {
    assertThatThrownBy(() -> new NodeId(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeId(63, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeId(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeId(62, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeId(0, Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rangeNodes_decomposesAlignedRangesIntoShrinkingSubtrees() {
    assertThat(MerkleTree.rangeNodes(5, 5)).isEmpty();
    assertThat(MerkleTree.rootNodes(0)).isEmpty();
    assertThat(MerkleTree.rootNodes(1)).containsExactly(new NodeId(0, 0));
    assertThat(MerkleTree.rootNodes(8)).containsExactly(new NodeId(3, 0));
    assertThat(MerkleTree.rootNodes(7))
        .containsExactly(new NodeId(2, 0), new NodeId(1, 2), new NodeId(0, 6));
    assertThat(MerkleTree.rangeNodes(8, 13)).containsExactly(new NodeId(2, 2), new NodeId(0, 12));
    assertThat(MerkleTree.rangeNodes(16, 32)).containsExactly(new NodeId(4, 1));
    assertThat(MerkleTree.rootNodes(Long.MAX_VALUE))
        .hasSize(63)
        .first()
        .isEqualTo(new NodeId(62, 0));
  }

  @Test
  void rangeNodes_rejectsUnalignedNegativeOrReversedRanges() {
    assertThatThrownBy(() -> MerkleTree.rangeNodes(2, 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not start at a multiple of 2^2");
    assertThatThrownBy(() -> MerkleTree.rangeNodes(1, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.rangeNodes(-1, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.rangeNodes(4, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void foldRange_foldsRightToLeft() {
    Digest a = MerkleHash.leaf(new byte[] {1});
    Digest b = MerkleHash.leaf(new byte[] {2});
    Digest c = MerkleHash.leaf(new byte[] {3});
    assertThat(MerkleTree.foldRange(List.of())).isEqualTo(MerkleHash.empty());
    assertThat(MerkleTree.foldRange(List.of(a))).isEqualTo(a);
    assertThat(MerkleTree.foldRange(List.of(a, b, c)))
        .isEqualTo(MerkleHash.node(a, MerkleHash.node(b, c)));
    assertThat(MerkleTree.root(List.of(a, b, c)))
        .isEqualTo(MerkleHash.node(MerkleHash.node(a, b), c));
  }

  @Test
  void plan_rejectsImpossibleArguments() {
    assertThatThrownBy(() -> InclusionProof.plan(3, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InclusionProof.plan(-1, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InclusionProof.plan(0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConsistencyProof.plan(0, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConsistencyProof.plan(4, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ConsistencyProof.plan(3, 3).elements()).isEmpty();
    assertThat(InclusionProof.plan(0, 1).elements()).isEmpty();
  }

  @Test
  void proofPlan_listsNodesAndFoldsEachElement() {
    ProofPlan plan = InclusionProof.plan(0, 7); // [leaf 1, node(1,1), [node(1,2), leaf 6]]
    assertThat(plan.elements())
        .containsExactly(
            List.of(new NodeId(0, 1)),
            List.of(new NodeId(1, 1)),
            List.of(new NodeId(1, 2), new NodeId(0, 6)));
    assertThat(plan.nodes())
        .containsExactly(new NodeId(0, 1), new NodeId(1, 1), new NodeId(1, 2), new NodeId(0, 6));
    Map<NodeId, Digest> store = new HashMap<>();
    for (NodeId id : plan.nodes()) {
      store.put(id, MerkleHash.leaf(id.toString().getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(plan.resolve(store::get))
        .containsExactly(
            store.get(new NodeId(0, 1)),
            store.get(new NodeId(1, 1)),
            MerkleHash.node(store.get(new NodeId(1, 2)), store.get(new NodeId(0, 6))));
  }

  @Test
  void proofPlan_resolveFailsOnMissingNode() {
    ProofPlan plan = ConsistencyProof.plan(3, 7);
    Map<NodeId, Digest> store = Map.of();
    assertThatThrownBy(() -> plan.resolve(store::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is missing from the store");
  }

  @Test
  void proofPlan_rejectsEmptyElementAndIsImmutable() {
    assertThatThrownBy(() -> new ProofPlan(List.of(List.of())))
        .isInstanceOf(IllegalArgumentException.class);
    ProofPlan plan = InclusionProof.plan(2, 5);
    assertThatThrownBy(() -> plan.elements().add(List.of(new NodeId(0, 0))))
        .isInstanceOf(UnsupportedOperationException.class);
    Set<NodeId> nodes = plan.nodes();
    assertThatThrownBy(() -> nodes.clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void proofs_rejectNegativeNumbersAndCopyHashes() {
    assertThatThrownBy(() -> new InclusionProof(-1, 3, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConsistencyProof(1, -3, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    List<Digest> hashes = new java.util.ArrayList<>(List.of(MerkleHash.empty()));
    InclusionProof proof = new InclusionProof(0, 2, hashes);
    hashes.clear();
    assertThat(proof.hashes()).hasSize(1);
  }
}
