package dev.cabledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CompactRangeTest {
  private static final int MAX_LEAVES = 2100;

  private static List<Digest> leaves;
  private static Map<NodeId, Digest> nodes;

  @BeforeAll
  static void buildTree() {
    Random random = new Random(6962L);
    leaves = new ArrayList<>(MAX_LEAVES);
    for (int i = 0; i < MAX_LEAVES; i++) {
      byte[] entry = new byte[8];
      random.nextBytes(entry);
      leaves.add(MerkleHash.leaf(entry));
    }
    nodes = TestTrees.completeNodes(leaves);
  }

  @Test
  void root_equalsMerkleTreeRootForEverySize() {
    CompactRange range = CompactRange.empty();
    assertThat(range.root()).isEqualTo(MerkleHash.empty());
    for (int n = 1; n <= MAX_LEAVES; n++) {
      range.append(leaves.get(n - 1), (id, h) -> {});
      assertThat(range.size()).isEqualTo(n);
      assertThat(range.root()).as("size %d", n).isEqualTo(MerkleTree.root(leaves.subList(0, n)));
    }
  }

  @Test
  void append_reportsEveryCompleteNodeOnceInOrder() {
    CompactRange range = CompactRange.empty();
    Map<NodeId, Digest> reported = new LinkedHashMap<>();
    for (int n = 1; n <= MAX_LEAVES; n++) {
      List<NodeId> thisLeaf = new ArrayList<>();
      range.append(
          leaves.get(n - 1),
          (id, h) -> {
            assertThat(reported.put(id, h)).as("%s reported twice", id).isNull();
            thisLeaf.add(id);
          });
      assertThat(thisLeaf.getFirst()).isEqualTo(new NodeId(0, n - 1));
      for (int i = 0; i < thisLeaf.size(); i++) {
        assertThat(thisLeaf.get(i).level()).isEqualTo(i);
        assertThat(thisLeaf.get(i).endLeaf()).isEqualTo(n);
      }
      assertThat(reported).hasSize(2 * n - Integer.bitCount(n));
    }
    assertThat(reported).isEqualTo(nodes);
  }

  @Test
  void frontierNodes_areTheRootNodesWithStoredHashes() {
    CompactRange range = CompactRange.empty();
    for (int n = 0; n <= 300; n++) {
      assertThat(List.copyOf(range.frontierNodes().keySet()))
          .isEqualTo(CompactRange.frontier(n))
          .isEqualTo(MerkleTree.rootNodes(n))
          .hasSize(Integer.bitCount(n));
      range.frontierNodes().forEach((id, h) -> assertThat(h).as("%s", id).isEqualTo(nodes.get(id)));
      range.append(leaves.get(n), (id, h) -> {});
    }
  }

  @Test
  void of_rebuiltFromStoredFrontierEqualsContinuedAppends() {
    Random random = new Random(1);
    List<Integer> starts = new ArrayList<>();
    for (int s = 0; s <= 260; s++) {
      starts.add(s);
    }
    random.ints(40, 261, MAX_LEAVES).forEach(starts::add);

    CompactRange full = CompactRange.empty();
    List<Map<NodeId, Digest>> reportedByLeaf = new ArrayList<>();
    List<CompactRange> snapshots = new ArrayList<>();
    for (int n = 0; n < MAX_LEAVES; n++) {
      snapshots.add(full.copy());
      Map<NodeId, Digest> reported = new HashMap<>();
      full.append(leaves.get(n), reported::put);
      reportedByLeaf.add(reported);
    }

    for (int s : starts) {
      List<Digest> stored = CompactRange.frontier(s).stream().map(nodes::get).toList();
      CompactRange rebuilt = CompactRange.of(s, stored);
      assertThat(rebuilt.size()).isEqualTo(s);
      assertThat(rebuilt.frontierNodes()).isEqualTo(snapshots.get(s).frontierNodes());
      int end = Math.min(MAX_LEAVES, s + 70);
      for (int n = s; n < end; n++) {
        Map<NodeId, Digest> reported = new HashMap<>();
        rebuilt.append(leaves.get(n), reported::put);
        assertThat(reported)
            .as("nodes completed by leaf %d after rebuild at %d", n, s)
            .isEqualTo(reportedByLeaf.get(n));
      }
      CompactRange continued = end == MAX_LEAVES ? full : snapshots.get(end);
      assertThat(rebuilt.root())
          .as("rebuilt at %d, appended to %d", s, end)
          .isEqualTo(continued.root());
      assertThat(rebuilt.frontierNodes()).isEqualTo(continued.frontierNodes());
    }
  }

  @Test
  void copy_isIndependent() {
    CompactRange range = CompactRange.empty();
    for (int n = 0; n < 5; n++) {
      range.append(leaves.get(n), (id, h) -> {});
    }
    CompactRange copy = range.copy();
    copy.append(leaves.get(5), (id, h) -> {});
    assertThat(range.size()).isEqualTo(5);
    assertThat(range.root()).isEqualTo(MerkleTree.root(leaves.subList(0, 5)));
    assertThat(copy.size()).isEqualTo(6);
    assertThat(copy.root()).isEqualTo(MerkleTree.root(leaves.subList(0, 6)));
  }

  @Test
  void of_rejectsWrongNumberOfHashesOrNegativeSize() {
    assertThatThrownBy(() -> CompactRange.of(5, List.of(leaves.get(0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the frontier of 5 leaves has 2 nodes, got 1 hashes");
    assertThatThrownBy(() -> CompactRange.of(0, List.of(leaves.get(0))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CompactRange.of(-1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_acceptsTheFrontierOfAHugeLog() {
    List<Digest> hashes = new ArrayList<>();
    for (int i = 0; i < 63; i++) {
      hashes.add(leaves.get(i));
    }
    CompactRange range = CompactRange.of(Long.MAX_VALUE, hashes);
    assertThat(range.frontierNodes()).hasSize(63);
    assertThat(range.frontierNodes().keySet().iterator().next()).isEqualTo(new NodeId(62, 0));
    assertThatThrownBy(() -> range.append(leaves.get(0), (id, h) -> {}))
        .isInstanceOf(IllegalStateException.class);
    CompactRange almost = CompactRange.of(Long.MAX_VALUE - 1, hashes.subList(0, 62));
    List<NodeId> reported = new ArrayList<>();
    almost.append(leaves.get(0), (id, h) -> reported.add(id));
    assertThat(reported).containsExactly(new NodeId(0, Long.MAX_VALUE - 1));
    assertThat(almost.frontierNodes().keySet()).isEqualTo(range.frontierNodes().keySet());
  }
}
