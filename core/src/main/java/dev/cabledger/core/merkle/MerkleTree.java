package dev.cabledger.core.merkle;

import dev.cabledger.core.Digest;
import java.util.List;

/** Stateless RFC 9162 §2.1.1 helpers over leaf ranges and their complete subtrees. */
public final class MerkleTree {
  private MerkleTree() {}

  /**
   * The complete subtrees, left to right, whose fold is MTH(D[from:to]) (RFC 9162 §2.1.1).
   *
   * <p>MTH splits n = to - from leaves at the largest power of two k smaller than n; the left part
   * is complete, and the right part splits again. So, when {@code from} is a multiple of the
   * largest power of two not above n (true of every range in an RFC 9162 proof and of [0, size)),
   * the range is one complete subtree per set bit of n, in decreasing size. An empty range gives an
   * empty list.
   *
   * @throws IllegalArgumentException if the range is negative, reversed, or not aligned as above
   */
  public static List<NodeId> rangeNodes(long from, long to) {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("not a leaf range: [" + from + ", " + to + ")");
    }
    long n = to - from;
    if (n == 0) {
      return List.of();
    }
    int top = 63 - Long.numberOfLeadingZeros(n);
    if ((from & ((1L << top) - 1)) != 0) {
      throw new IllegalArgumentException(
          "leaf range ["
              + from
              + ", "
              + to
              + ") does not start at a multiple of 2^"
              + top
              + ", so it is not made of complete subtrees of the log");
    }
    int count = Long.bitCount(n);
    if (count == 1) {
      return List.of(new NodeId(top, from >>> top));
    }
    NodeId[] nodes = new NodeId[count];
    long pos = from;
    int i = 0;
    for (int level = top; level >= 0; level--) {
      if ((n & (1L << level)) != 0) {
        nodes[i++] = new NodeId(level, pos >>> level);
        pos += 1L << level;
      }
    }
    return List.of(nodes);
  }

  /**
   * Folds the hashes of a range's complete subtrees (left to right) right to left into MTH(range):
   * h = last; h = node(previous, h) ... (RFC 9162 §2.1.1). An empty list gives MTH({}).
   */
  public static Digest foldRange(List<Digest> hashesLeftToRight) {
    int i = hashesLeftToRight.size() - 1;
    if (i < 0) {
      return MerkleHash.empty();
    }
    Digest h = hashesLeftToRight.get(i);
    while (--i >= 0) {
      h = MerkleHash.node(hashesLeftToRight.get(i), h);
    }
    return h;
  }

  /** The complete subtrees whose fold is the root of a tree of {@code size} leaves. */
  public static List<NodeId> rootNodes(long size) {
    return rangeNodes(0, size);
  }

  /**
   * MTH(D[n]) computed in memory from all leaf hashes (RFC 9162 §2.1.1); for tests, small trees.
   */
  public static Digest root(List<Digest> leafHashes) {
    return leafHashes.isEmpty() ? MerkleHash.empty() : mth(leafHashes, 0, leafHashes.size());
  }

  private static Digest mth(List<Digest> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves.get(from);
    }
    int k = Integer.highestOneBit(n - 1); // largest power of two smaller than n
    return MerkleHash.node(mth(leaves, from, from + k), mth(leaves, from + k, to));
  }

  /** Largest power of two strictly smaller than {@code n}; {@code n} >= 2. */
  static long split(long n) {
    return Long.highestOneBit(n - 1);
  }
}
