package dev.cabledger.core.bundle;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A receipt a client kept from an append ({@code POST /api/ledger/events} answers it): the entry's
 * index and leaf hash, and the signed checkpoint with the inclusion proof that puts it there.
 *
 * @param index the entry's index
 * @param leafHash RFC 9162 leaf hash of the entry bytes
 * @param checkpoint the signed checkpoint note the proof leads to
 * @param inclusionProof the audit path from the leaf to that checkpoint's root
 */
public record Receipt(long index, Digest leafHash, String checkpoint, List<Digest> inclusionProof) {
  /** The index must not be negative; the proof is copied. */
  public Receipt {
    if (index < 0) {
      throw new IllegalArgumentException("an entry index must not be negative: " + index);
    }
    inclusionProof = List.copyOf(inclusionProof);
  }

  /**
   * Parses receipts: one receipt object ({@code index}, base64 {@code leafHash}, {@code
   * checkpoint}, {@code inclusionProof}, as the append endpoint answers), or an array of them.
   *
   * @throws VerificationException ({@link Failure#FORMAT}) naming the receipt that is malformed
   */
  public static List<Receipt> listFromJson(JsonNode json) {
    if (!json.isArray()) {
      return List.of(fromJson(json, 0));
    }
    List<Receipt> receipts = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      receipts.add(fromJson(json.get(i), i));
    }
    return receipts;
  }

  private static Receipt fromJson(JsonNode json, int position) {
    String which = "receipt " + (position + 1);
    if (!json.isObject()) {
      throw format(which + " is not a JSON object");
    }
    JsonNode index = json.get("index");
    if (index == null
        || !index.isIntegralNumber()
        || !index.canConvertToLong()
        || index.asLong() < 0) {
      throw format(which + " has no valid 'index'");
    }
    JsonNode leaf = json.get("leafHash");
    JsonNode note = json.get("checkpoint");
    if (leaf == null || !leaf.isString()) {
      throw format(which + " has no 'leafHash'");
    }
    if (note == null || !note.isString()) {
      throw format(which + " has no 'checkpoint'");
    }
    Digest leafHash;
    try {
      leafHash = Digest.fromBase64(leaf.stringValue());
    } catch (IllegalArgumentException e) {
      throw format(which + " has a 'leafHash' that is not base64 of 32 bytes");
    }
    List<Digest> proof =
        ProofJson.hashes(json.get("inclusionProof"), which + "'s 'inclusionProof'");
    return new Receipt(index.asLong(), leafHash, note.stringValue(), proof);
  }

  private static VerificationException format(String what) {
    return new VerificationException(Failure.FORMAT, what);
  }
}
