package dev.cabledger.core.merkle;

import static dev.cabledger.core.VerificationException.Failure.INCLUSION_PROOF;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An RFC 9162 §2.1.3 inclusion proof (audit path) of one leaf in a tree of a given size.
 *
 * @param leafIndex the 0-based index of the leaf
 * @param treeSize the number of leaves in the tree
 * @param hashes the audit path PATH(leafIndex, D[treeSize]), bottom to top
 */
public record InclusionProof(long leafIndex, long treeSize, List<Digest> hashes) {
  /**
   * Rejects negative numbers and copies the hashes. Whether the index is inside the tree is left to
   * {@link #verify}, so that untrusted proofs fail with a {@link VerificationException}.
   */
  public InclusionProof {
    if (leafIndex < 0 || treeSize < 0) {
      throw new IllegalArgumentException(
          "leaf index and tree size must not be negative, got " + leafIndex + " and " + treeSize);
    }
    hashes = List.copyOf(hashes);
  }

  /**
   * The nodes of PATH(leafIndex, D[treeSize]) (RFC 9162 §2.1.3.1), one element per path hash.
   *
   * <p>Walks the recursion top-down, from the root towards the leaf: in a range of n leaves split
   * at k (the largest power of two smaller than n), the path of a leaf left of k gets MTH of the
   * right part, else MTH of the left part; the RFC lists these bottom-up, so the list is reversed.
   *
   * @throws IllegalArgumentException unless 0 <= leafIndex < treeSize
   */
  public static ProofPlan plan(long leafIndex, long treeSize) {
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index " + leafIndex + " is not in a tree of size " + treeSize);
    }
    List<List<NodeId>> elements = new ArrayList<>(64 - Long.numberOfLeadingZeros(treeSize - 1));
    long lo = 0;
    long hi = treeSize;
    while (hi - lo > 1) {
      long k = MerkleTree.split(hi - lo);
      if (leafIndex < lo + k) {
        elements.add(MerkleTree.rangeNodes(lo + k, hi)); // PATH(m, D[0:k]) : MTH(D[k:n])
        hi = lo + k;
      } else {
        elements.add(MerkleTree.rangeNodes(lo, lo + k)); // PATH(m - k, D[k:n]) : MTH(D[0:k])
        lo += k;
      }
    }
    Collections.reverse(elements);
    return new ProofPlan(elements);
  }

  /**
   * Checks that this proof leads from {@code leafHash} to {@code root}, with the algorithm of RFC
   * 9162 §2.1.3.2.
   *
   * @throws VerificationException with {@code INCLUSION_PROOF}, naming what failed
   */
  public void verify(Digest leafHash, Digest root) {
    // RFC 9162 §2.1.3.2 step 1.
    if (leafIndex >= treeSize) {
      throw fail("leaf index " + leafIndex + " is not below the tree size " + treeSize);
    }
    // Steps 2 and 3.
    long fn = leafIndex;
    long sn = treeSize - 1;
    Digest r = leafHash;
    // Step 4.
    for (Digest p : hashes) {
      if (sn == 0) { // 4a
        throw fail(
            "has " + hashes.size() + " hashes, more than the " + expectedLength() + " needed");
      }
      if ((fn & 1) == 1 || fn == sn) { // 4b
        r = MerkleHash.node(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = MerkleHash.node(r, p);
      }
      fn >>= 1; // 4c
      sn >>= 1;
    }
    // Step 5.
    if (sn != 0) {
      throw fail(
          "has " + hashes.size() + " hashes, fewer than the " + expectedLength() + " needed");
    }
    if (!r.equals(root)) {
      throw fail("leads to root " + r + ", not the expected root " + root);
    }
  }

  /** The length of PATH(leafIndex, D[treeSize]); only for messages. */
  private int expectedLength() {
    int length = 0;
    long lo = 0;
    long hi = treeSize;
    while (hi - lo > 1) {
      long k = MerkleTree.split(hi - lo);
      if (leafIndex < lo + k) {
        hi = lo + k;
      } else {
        lo += k;
      }
      length++;
    }
    return length;
  }

  private VerificationException fail(String what) {
    return new VerificationException(
        INCLUSION_PROOF,
        "inclusion proof of leaf " + leafIndex + " in tree of size " + treeSize + " " + what);
  }
}
