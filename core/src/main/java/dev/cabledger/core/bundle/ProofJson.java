package dev.cabledger.core.bundle;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.merkle.ConsistencyProof;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The JSON form of a consistency proof, as {@code GET /api/ledger/proofs/consistency} answers and
 * as an audit bundle carries it: {@code {"fromSize":N,"toSize":M,"hashes":["<base64>", …]}}.
 */
public final class ProofJson {
  private ProofJson() {}

  /** Parses one consistency proof. */
  public static ConsistencyProof parseConsistency(JsonNode json) {
    JsonNode from = json.get("fromSize");
    JsonNode to = json.get("toSize");
    if (from == null || !from.isIntegralNumber() || !from.canConvertToLong() || from.asLong() < 0) {
      throw format("has no valid 'fromSize'");
    }
    if (to == null || !to.isIntegralNumber() || !to.canConvertToLong() || to.asLong() < 0) {
      throw format("has no valid 'toSize'");
    }
    return new ConsistencyProof(
        from.asLong(), to.asLong(), hashes(json.get("hashes"), "a consistency proof's 'hashes'"));
  }

  /** A JSON array of base64 hashes; {@code what} names the array in messages. */
  static List<Digest> hashes(JsonNode array, String what) {
    if (array == null || !array.isArray()) {
      throw new VerificationException(Failure.FORMAT, what + " is missing or not an array");
    }
    List<Digest> hashes = new ArrayList<>(array.size());
    for (JsonNode h : array) {
      try {
        hashes.add(Digest.fromBase64(h.isString() ? h.stringValue() : ""));
      } catch (IllegalArgumentException e) {
        throw new VerificationException(
            Failure.FORMAT, what + " holds a hash that is not base64 of 32 bytes");
      }
    }
    return hashes;
  }

  static void writeConsistency(JsonGenerator out, ConsistencyProof proof) {
    out.writeStartObject();
    out.writeNumberProperty("fromSize", proof.fromSize());
    out.writeNumberProperty("toSize", proof.toSize());
    out.writeName("hashes");
    out.writeStartArray();
    for (Digest h : proof.hashes()) {
      out.writeString(h.base64());
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static VerificationException format(String what) {
    return new VerificationException(Failure.FORMAT, "a consistency proof " + what);
  }
}
