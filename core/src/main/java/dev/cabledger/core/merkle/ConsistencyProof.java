package dev.cabledger.core.merkle;

import static dev.cabledger.core.VerificationException.Failure.CONSISTENCY_PROOF;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An RFC 9162 §2.1.4 consistency proof that a tree of {@code fromSize} leaves is a prefix of a tree
 * of {@code toSize} leaves.
 *
 * @param fromSize the size of the older tree
 * @param toSize the size of the newer tree
 * @param hashes PROOF(fromSize, D[toSize]), bottom to top
 */
public record ConsistencyProof(long fromSize, long toSize, List<Digest> hashes) {
  /**
   * Rejects negative sizes and copies the hashes. Whether the sizes fit together is left to {@link
   * #verify}, so that untrusted proofs fail with a {@link VerificationException}.
   */
  public ConsistencyProof {
    if (fromSize < 0 || toSize < 0) {
      throw new IllegalArgumentException(
          "tree sizes must not be negative, got " + fromSize + " and " + toSize);
    }
    hashes = List.copyOf(hashes);
  }

  /**
   * The nodes of PROOF(fromSize, D[toSize]) = SUBPROOF(fromSize, D[toSize], true) (RFC 9162
   * §2.1.4.1), one element per proof hash.
   *
   * <p>Walks the recursion top-down: in a range of n leaves split at k (the largest power of two
   * smaller than n), an old size m <= k gets MTH of the right part and recurses left, a larger one
   * gets MTH of the left part and recurses right with b = false; at m = n the subproof ends, adding
   * MTH(D[m]) when b is false. The RFC lists these bottom-up, so the list is reversed. Equal sizes
   * give an empty proof.
   *
   * @throws IllegalArgumentException unless 0 < fromSize <= toSize
   */
  public static ProofPlan plan(long fromSize, long toSize) {
    if (fromSize <= 0 || fromSize > toSize) {
      throw new IllegalArgumentException(
          "no consistency proof from size " + fromSize + " to size " + toSize);
    }
    List<List<NodeId>> elements = new ArrayList<>(65 - Long.numberOfLeadingZeros(toSize - 1));
    long lo = 0;
    long hi = toSize;
    boolean complete = true; // the RFC's b: the subtree is a complete subtree of the old tree
    while (hi != fromSize) {
      long k = MerkleTree.split(hi - lo);
      if (fromSize - lo <= k) {
        elements.add(MerkleTree.rangeNodes(lo + k, hi)); // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
        hi = lo + k;
      } else {
        elements.add(
            MerkleTree.rangeNodes(lo, lo + k)); // SUBPROOF(m-k, D[k:n], false) : MTH(D[0:k])
        lo += k;
        complete = false;
      }
    }
    if (!complete) {
      elements.add(MerkleTree.rangeNodes(lo, hi)); // SUBPROOF(m, D[m], false) = {MTH(D[m])}
    }
    Collections.reverse(elements);
    return new ProofPlan(elements);
  }

  /**
   * Checks that this proof joins {@code fromRoot} (of {@code fromSize} leaves) to {@code toRoot}
   * (of {@code toSize} leaves), with the algorithm of RFC 9162 §2.1.4.2.
   *
   * <p>RFC 9162 defines no proof from an empty tree, so {@code fromSize} must be at least 1. When
   * the sizes are equal, PROOF is empty (§2.1.4.1) and the roots must be equal.
   *
   * @throws VerificationException with {@code CONSISTENCY_PROOF}, naming what failed
   */
  public void verify(Digest fromRoot, Digest toRoot) {
    if (fromSize < 1) {
      throw fail("starts from an empty tree, for which RFC 9162 defines no proof");
    }
    if (fromSize > toSize) {
      throw fail("goes from a larger tree to a smaller one");
    }
    if (fromSize == toSize) {
      if (!hashes.isEmpty()) {
        throw fail("between equal sizes must be empty, but has " + hashes.size() + " hashes");
      }
      if (!fromRoot.equals(toRoot)) {
        throw fail("between equal sizes joins two different roots " + fromRoot + " and " + toRoot);
      }
      return;
    }
    // RFC 9162 §2.1.4.2 step 1.
    if (hashes.isEmpty()) {
      throw fail("is empty");
    }
    // Step 2: if first is an exact power of 2, prepend first_hash to the path.
    boolean prepend = (fromSize & (fromSize - 1)) == 0;
    // Step 3.
    long fn = fromSize - 1;
    long sn = toSize - 1;
    // Step 4.
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    // Step 5.
    Digest fr = prepend ? fromRoot : hashes.get(0);
    Digest sr = fr;
    // Step 6.
    for (int i = prepend ? 0 : 1; i < hashes.size(); i++) {
      Digest c = hashes.get(i);
      if (sn == 0) { // 6a
        throw fail(
            "has " + hashes.size() + " hashes, more than the " + expectedLength() + " needed");
      }
      if ((fn & 1) == 1 || fn == sn) { // 6b
        fr = MerkleHash.node(c, fr);
        sr = MerkleHash.node(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = MerkleHash.node(sr, c);
      }
      fn >>= 1; // 6c
      sn >>= 1;
    }
    // Step 7.
    if (sn != 0) {
      throw fail(
          "has " + hashes.size() + " hashes, fewer than the " + expectedLength() + " needed");
    }
    if (!fr.equals(fromRoot)) {
      throw fail("leads to old root " + fr + ", not the expected " + fromRoot);
    }
    if (!sr.equals(toRoot)) {
      throw fail("leads to new root " + sr + ", not the expected " + toRoot);
    }
  }

  /** The length of PROOF(fromSize, D[toSize]) for 0 < fromSize < toSize; only for messages. */
  private int expectedLength() {
    int length = 0;
    long lo = 0;
    long hi = toSize;
    boolean complete = true;
    while (hi != fromSize) {
      long k = MerkleTree.split(hi - lo);
      if (fromSize - lo <= k) {
        hi = lo + k;
      } else {
        lo += k;
        complete = false;
      }
      length++;
    }
    return complete ? length : length + 1;
  }

  private VerificationException fail(String what) {
    return new VerificationException(
        CONSISTENCY_PROOF,
        "consistency proof from tree size " + fromSize + " to " + toSize + " " + what);
  }
}
