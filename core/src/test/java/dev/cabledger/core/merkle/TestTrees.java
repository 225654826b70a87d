package dev.cabledger.core.merkle;

import dev.cabledger.core.Digest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Test helpers: a naive in-memory tree and a direct recursive RFC 9162 §2.1 implementation. */
final class TestTrees {
  private TestTrees() {}

  /** A leaf range [from, to). */
  record Range(long from, long to) {}

  /** Every complete subtree of the given leaves, computed level by level. */
  static Map<NodeId, Digest> completeNodes(List<Digest> leaves) {
    Map<NodeId, Digest> nodes = new HashMap<>();
    List<Digest> level = leaves;
    for (int l = 0; !level.isEmpty(); l++) {
      List<Digest> up = new ArrayList<>();
      for (int i = 0; i < level.size(); i++) {
        nodes.put(new NodeId(l, i), level.get(i));
        if (i % 2 == 1) {
          up.add(MerkleHash.node(level.get(i - 1), level.get(i)));
        }
      }
      level = up;
    }
    return nodes;
  }

  /** A lookup that fails loudly on a node the store does not hold. */
  static Function<NodeId, Digest> lookup(Map<NodeId, Digest> nodes) {
    return id -> {
      Digest d = nodes.get(id);
      if (d == null) {
        throw new AssertionError("plan asked for a node the store does not hold: " + id);
      }
      return d;
    };
  }

  /** The largest power of two smaller than n (n >= 2), by counting up as RFC 9162 words it. */
  static long largestPowerOfTwoBelow(long n) {
    long k = 1;
    while (k < n - k) {
      k <<= 1;
    }
    return k;
  }

  /** The ranges of PATH(m, D[from:to]) (RFC 9162 §2.1.3.1), by direct recursion. */
  static List<Range> path(long m, long from, long to) {
    long n = to - from;
    if (n == 1) {
      return new ArrayList<>();
    }
    long k = largestPowerOfTwoBelow(n);
    List<Range> out;
    if (m - from < k) {
      out = path(m, from, from + k);
      out.add(new Range(from + k, to));
    } else {
      out = path(m, from + k, to);
      out.add(new Range(from, from + k));
    }
    return out;
  }

  /** The ranges of PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (RFC 9162 §2.1.4.1). */
  static List<Range> proof(long m, long n) {
    return subproof(m, 0, n, true);
  }

  private static List<Range> subproof(long m, long from, long to, boolean b) {
    long n = to - from;
    long mm = m - from;
    if (mm == n) {
      List<Range> out = new ArrayList<>();
      if (!b) {
        out.add(new Range(from, to));
      }
      return out;
    }
    long k = largestPowerOfTwoBelow(n);
    List<Range> out;
    if (mm <= k) {
      out = subproof(m, from, from + k, b);
      out.add(new Range(from + k, to));
    } else {
      out = subproof(m, from + k, to, false);
      out.add(new Range(from, from + k));
    }
    return out;
  }

  /** MTH(D[from:to]) over real leaves, by the RFC 9162 §2.1.1 recursion, memoized. */
  static final class Reference {
    private final List<Digest> leaves;
    private final Map<Range, Digest> memo = new HashMap<>();

    Reference(List<Digest> leaves) {
      this.leaves = leaves;
    }

    Digest mth(Range r) {
      Digest d = memo.get(r);
      if (d == null) {
        long n = r.to() - r.from();
        if (n == 0) {
          d = MerkleHash.empty();
        } else if (n == 1) {
          d = leaves.get((int) r.from());
        } else {
          long k = largestPowerOfTwoBelow(n);
          d =
              MerkleHash.node(
                  mth(new Range(r.from(), r.from() + k)), mth(new Range(r.from() + k, r.to())));
        }
        memo.put(r, d);
      }
      return d;
    }

    List<Digest> hashes(List<Range> ranges) {
      return ranges.stream().map(this::mth).toList();
    }
  }

  /**
   * A tree of any size (up to 2^63 - 1) whose leaves all have the same hash: MTH of a range then
   * depends only on its length, so huge trees can be hashed with O(log^2 n) work.
   */
  static final class Uniform {
    private final Digest[] complete = new Digest[63];
    private final Map<Long, Digest> memo = new HashMap<>();

    Uniform(Digest leaf) {
      complete[0] = leaf;
      for (int l = 1; l < complete.length; l++) {
        complete[l] = MerkleHash.node(complete[l - 1], complete[l - 1]);
      }
    }

    /** The stored hash of a complete node: depends only on its level. */
    Digest node(NodeId id) {
      return complete[id.level()];
    }

    /** MTH of n uniform leaves, by the RFC 9162 §2.1.1 recursion (memoized by n). */
    Digest mth(long n) {
      if (n == 1) {
        return complete[0];
      }
      Digest d = memo.get(n);
      if (d == null) {
        long k = largestPowerOfTwoBelow(n);
        d = MerkleHash.node(mth(k), mth(n - k));
        memo.put(n, d);
      }
      return d;
    }

    List<Digest> hashes(List<Range> ranges) {
      return ranges.stream().map(r -> mth(r.to() - r.from())).toList();
    }
  }

  /** The leaf range a plan element covers, checking its nodes are contiguous and shrinking. */
  static Range covered(List<NodeId> element) {
    long pos = element.getFirst().firstLeaf();
    int lastLevel = Integer.MAX_VALUE;
    for (NodeId id : element) {
      if (id.firstLeaf() != pos || id.level() >= lastLevel) {
        throw new AssertionError("element nodes are not contiguous and decreasing: " + element);
      }
      pos = id.endLeaf();
      lastLevel = id.level();
    }
    return new Range(element.getFirst().firstLeaf(), pos);
  }

  static List<Range> covered(ProofPlan plan) {
    return plan.elements().stream().map(TestTrees::covered).toList();
  }

  /** A copy of the digest with one bit flipped in byte {@code i}. */
  static Digest flip(Digest d, int i) {
    byte[] b = d.bytes();
    b[i] ^= 1;
    return Digest.of(b);
  }
}
