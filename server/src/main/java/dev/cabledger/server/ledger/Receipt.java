package dev.cabledger.server.ledger;

import dev.cabledger.core.Digest;
import dev.cabledger.core.merkle.InclusionProof;

/**
 * What an appender gets once its entry is durable: where it is, and the proof that the signed
 * checkpoint covers it.
 *
 * @param index the entry's position in the log
 * @param leafHash RFC 9162 leaf hash of the entry bytes
 * @param checkpoint the checkpoint signed for the batch that holds the entry
 * @param proof inclusion proof of the entry in that checkpoint's tree
 */
public record Receipt(
    long index, Digest leafHash, StoredCheckpoint checkpoint, InclusionProof proof) {
  public Receipt {
    if (proof.leafIndex() != index || proof.treeSize() != checkpoint.size()) {
      throw new IllegalArgumentException("receipt proof does not match its index and checkpoint");
    }
  }
}
