package dev.cabledger.core.merkle;

/**
 * A complete subtree of the log: the 2^level leaves [index << level, (index + 1) << level).
 *
 * @param level height above the leaves (0 = a leaf), 0..62
 * @param index position among the subtrees of that level, counted from the left
 */
public record NodeId(int level, long index) {
  /** Largest level: a level-62 subtree holds 2^62 leaves, the most whose end fits in a long. */
  static final int MAX_LEVEL = 62;

  /** Validates that the level is 0..62 and the covered leaves fit in a {@code long}. */
  public NodeId {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("node level must be 0.." + MAX_LEVEL + ", got " + level);
    }
    if (index < 0 || index >= (Long.MAX_VALUE >> level)) {
      throw new IllegalArgumentException(
          "node index must be 0.."
              + ((Long.MAX_VALUE >> level) - 1)
              + " at level "
              + level
              + ", got "
              + index);
    }
  }

  /** The first leaf covered (inclusive). */
  public long firstLeaf() {
    return index << level;
  }

  /** The end of the covered leaves (exclusive). */
  public long endLeaf() {
    return (index + 1) << level;
  }
}
