package dev.cabledger.server.workflow;

import dev.cabledger.core.Digest;
import dev.cabledger.server.ledger.Receipt;
import java.util.List;

/**
 * Where an entry is, and the proof that a signed checkpoint covers it: what every write answers
 * beside its own fields (docs/formats.md §4).
 *
 * @param index the entry's index
 * @param leafHash its RFC 9162 leaf hash, base64
 * @param treeSize the size of the checkpoint that covers it
 * @param inclusionProof the proof's hashes, base64
 * @param checkpoint the signed checkpoint (C2SP signed note)
 */
public record ReceiptView(
    long index, String leafHash, long treeSize, List<String> inclusionProof, String checkpoint) {
  public ReceiptView {
    inclusionProof = List.copyOf(inclusionProof);
  }

  public static ReceiptView of(Receipt receipt) {
    return new ReceiptView(
        receipt.index(),
        receipt.leafHash().base64(),
        receipt.checkpoint().size(),
        receipt.proof().hashes().stream().map(Digest::base64).toList(),
        receipt.checkpoint().note());
  }
}
