package dev.cabledger.core.merkle;

import static dev.cabledger.core.VerificationException.Failure.INCLUSION_PROOF;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The inclusion of many leaves of one tree at once: MTH(D[0:treeSize]) (RFC 9162 §2.1.1) computed
 * from the leaves' hashes and the complete subtrees beside them. Those subtrees are exactly the
 * union of the leaves' audit paths (§2.1.3.1), so the root it computes equals the expected root
 * only if each leaf's own inclusion proof would verify; but a node shared by several paths is
 * fetched and hashed once. A page of a report, whose leaves lie close together, costs a few hashes
 * a leaf instead of a whole path each.
 *
 * <p>A failure says only that some leaf of the batch is not included: to name it, check the leaves
 * one by one with their {@link InclusionProof}s.
 */
public final class BatchInclusion {
  private final long[] leaves;
  private final long treeSize;

  private BatchInclusion(long[] leaves, long treeSize) {
    this.leaves = leaves;
    this.treeSize = treeSize;
  }

  /**
   * The batch of these leaves in a tree of {@code treeSize} leaves.
   *
   * @throws IllegalArgumentException if there is no leaf or a leaf is outside [0, treeSize)
   */
  public static BatchInclusion of(Collection<Long> leafIndices, long treeSize) {
    long[] sorted = leafIndices.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    if (sorted.length == 0) {
      throw new IllegalArgumentException("a batch needs at least one leaf");
    }
    if (sorted[0] < 0 || sorted[sorted.length - 1] >= treeSize) {
      throw new IllegalArgumentException(
          "leaves "
              + sorted[0]
              + ".."
              + sorted[sorted.length - 1]
              + " are not all in a tree of size "
              + treeSize);
    }
    return new BatchInclusion(sorted, treeSize);
  }

  /** The stored nodes the root is computed from, without repeats: the set to fetch. */
  public Set<NodeId> nodes() {
    Set<NodeId> nodes = new LinkedHashSet<>();
    collect(0, treeSize, 0, leaves.length, nodes);
    return Collections.unmodifiableSet(nodes);
  }

  private void collect(long lo, long hi, int from, int to, Set<NodeId> nodes) {
    if (from == to) {
      nodes.addAll(MerkleTree.rangeNodes(lo, hi));
      return;
    }
    if (hi - lo == 1) {
      return;
    }
    long k = lo + MerkleTree.split(hi - lo);
    int middle = firstAtOrAbove(k, from, to);
    collect(lo, k, from, middle, nodes);
    collect(k, hi, middle, to, nodes);
  }

  /**
   * Checks that the leaves, with these hashes, are included in the tree whose root is {@code root}.
   *
   * @param leafHash the hash of each leaf of the batch (RFC 9162 §2.1.1 leaf hash)
   * @param lookup the stored hash of each node {@link #nodes()} named; null if it is missing
   * @throws VerificationException ({@code INCLUSION_PROOF}) if a node is missing or the computed
   *     root differs
   */
  public void verify(
      Function<Long, Digest> leafHash, Function<NodeId, Digest> lookup, Digest root) {
    Digest computed = mth(0, treeSize, 0, leaves.length, leafHash, lookup);
    if (!computed.equals(root)) {
      throw fail("leads to root " + computed + ", not the expected root " + root);
    }
  }

  private Digest mth(
      long lo,
      long hi,
      int from,
      int to,
      Function<Long, Digest> leafHash,
      Function<NodeId, Digest> lookup) {
    if (from == to) {
      var nodes = MerkleTree.rangeNodes(lo, hi);
      Digest[] hashes = new Digest[nodes.size()];
      for (int i = 0; i < hashes.length; i++) {
        hashes[i] = lookup.apply(nodes.get(i));
        if (hashes[i] == null) {
          throw fail("needs Merkle node " + nodes.get(i) + ", which is missing from the store");
        }
      }
      return MerkleTree.foldRange(Arrays.asList(hashes));
    }
    if (hi - lo == 1) {
      Digest leaf = leafHash.apply(lo);
      if (leaf == null) {
        throw new IllegalArgumentException("no hash was given for leaf " + lo);
      }
      return leaf;
    }
    long k = lo + MerkleTree.split(hi - lo);
    int middle = firstAtOrAbove(k, from, to);
    return MerkleHash.node(
        mth(lo, k, from, middle, leafHash, lookup), mth(k, hi, middle, to, leafHash, lookup));
  }

  /** The position in {@code leaves[from:to]} of the first leaf at or above {@code index}. */
  private int firstAtOrAbove(long index, int from, int to) {
    int found = Arrays.binarySearch(leaves, from, to, index);
    return found >= 0 ? found : -found - 1;
  }

  private VerificationException fail(String what) {
    return new VerificationException(
        INCLUSION_PROOF,
        "the batch of "
            + leaves.length
            + " leaves ("
            + leaves[0]
            + ".."
            + leaves[leaves.length - 1]
            + ") in a tree of size "
            + treeSize
            + " "
            + what);
  }
}
