package dev.cabledger.server.ledger;

import dev.cabledger.core.Digest;

/**
 * A checkpoint as stored: its tree size, root and the signed note that carries both.
 *
 * @param size the tree size the checkpoint commits to
 * @param root the root hash of that tree
 * @param note the C2SP signed note, the only form a client should trust (it verifies it)
 */
public record StoredCheckpoint(long size, Digest root, String note) {
  public StoredCheckpoint {
    if (size < 0) {
      throw new IllegalArgumentException("tree size must be >= 0: " + size);
    }
  }
}
