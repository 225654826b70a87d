package dev.cabledger.server.workflow;

import dev.cabledger.server.ledger.StoredCheckpoint;

/**
 * A signed checkpoint as the workflow's answers show the one they checked entries against.
 *
 * @param size its tree size
 * @param rootHash its root hash, base64
 * @param note the C2SP signed note, the form a client verifies
 */
public record CheckpointView(long size, String rootHash, String note) {
  public static CheckpointView of(StoredCheckpoint c) {
    return new CheckpointView(c.size(), c.root().base64(), c.note());
  }
}
