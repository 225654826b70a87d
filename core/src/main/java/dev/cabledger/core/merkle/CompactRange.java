package dev.cabledger.core.merkle;

import dev.cabledger.core.Digest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The right frontier of a log: the roots of the complete subtrees that make up [0, size) (RFC 9162
 * §2.1.1), enough to append leaves and compute the root in O(log n) memory. Not thread-safe.
 */
public final class CompactRange {
  private long size;
  // Hashes of rootNodes(size), left to right: one per set bit of size, highest level first.
  private final List<Digest> hashes;

  private CompactRange(long size, List<Digest> hashes) {
    this.size = size;
    this.hashes = hashes;
  }

  /** The frontier of the empty log. */
  public static CompactRange empty() {
    return new CompactRange(0, new ArrayList<>(64));
  }

  /** The nodes a frontier of {@code size} leaves keeps, left to right: {@code rootNodes(size)}. */
  public static List<NodeId> frontier(long size) {
    return MerkleTree.rootNodes(size);
  }

  /**
   * Rebuilds the frontier of {@code size} leaves from the stored hashes of {@link #frontier(long)},
   * in that order.
   *
   * @throws IllegalArgumentException if the number of hashes does not match the size
   */
  public static CompactRange of(long size, List<Digest> frontierHashes) {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
    if (frontierHashes.size() != Long.bitCount(size)) {
      throw new IllegalArgumentException(
          "the frontier of "
              + size
              + " leaves has "
              + Long.bitCount(size)
              + " nodes, got "
              + frontierHashes.size()
              + " hashes");
    }
    List<Digest> copy = new ArrayList<>(64);
    copy.addAll(List.copyOf(frontierHashes));
    return new CompactRange(size, copy);
  }

  /** The number of leaves. */
  public long size() {
    return size;
  }

  /** MTH(D[size]): the frontier folded right to left (RFC 9162 §2.1.1). */
  public Digest root() {
    return MerkleTree.foldRange(hashes);
  }

  /** The frontier nodes and their hashes, left to right. */
  public Map<NodeId, Digest> frontierNodes() {
    List<NodeId> nodes = frontier(size);
    Map<NodeId, Digest> map = LinkedHashMap.newLinkedHashMap(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      map.put(nodes.get(i), hashes.get(i));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Appends a leaf, reporting it (level 0) and then every subtree it completes, bottom up, so the
   * caller can store each complete node: 2 per leaf on average.
   *
   * @throws IllegalStateException if the log already holds {@code Long.MAX_VALUE} leaves
   */
  public void append(Digest leafHash, BiConsumer<NodeId, Digest> completed) {
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("the log is full");
    }
    Digest h = leafHash;
    int level = 0;
    long index = size;
    completed.accept(new NodeId(level, index), h);
    // Each set low bit of size is a complete left sibling on the frontier: merge with it.
    while ((size & (1L << level)) != 0) {
      h = MerkleHash.node(hashes.removeLast(), h);
      level++;
      index >>>= 1;
      completed.accept(new NodeId(level, index), h);
    }
    hashes.addLast(h);
    size++;
  }

  /** An independent copy. */
  public CompactRange copy() {
    List<Digest> copy = new ArrayList<>(64);
    copy.addAll(hashes);
    return new CompactRange(size, copy);
  }

  @Override
  public String toString() {
    return "CompactRange[size=" + size + ", root=" + root() + "]";
  }
}
