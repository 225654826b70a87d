package dev.cabledger.core.bundle;

import java.util.OptionalLong;

/**
 * One thing that failed to verify.
 *
 * @param entryIndex the entry it concerns, if it concerns one
 * @param message what failed, in words a person can act on
 */
public record Finding(OptionalLong entryIndex, String message) {
  /** A finding about the bundle as a whole (checkpoint, keys, format). */
  public static Finding ofBundle(String message) {
    return new Finding(OptionalLong.empty(), message);
  }

  /** A finding about one entry. */
  public static Finding ofEntry(long index, String message) {
    return new Finding(OptionalLong.of(index), message);
  }

  @Override
  public String toString() {
    return entryIndex.isPresent() ? "entry " + entryIndex.getAsLong() + ": " + message : message;
  }
}
