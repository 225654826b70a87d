package dev.cabledger.core.bundle;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.registry.KeyRing;
import java.io.InputStream;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a history check needs from a bundle that {@link BundleVerifier} has already verified: the
 * consistency proofs it carries ({@code consistencyProofs}, formats.md §7), its own key registry,
 * and the leaf hashes of a few entries. A second streaming pass, so the verifier stays one job;
 * each leaf hash is taken only if its inclusion proof leads to the verified checkpoint, so what
 * this returns is as trustworthy as that checkpoint, even if the file changed between the passes.
 *
 * @param keys the bundle's own key registry, if it parses
 * @param consistencyProofs the proofs to the checkpoint's size, by their old size
 * @param leaves the leaf hashes of the requested entries found and proven in the bundle
 */
public record BundleLookup(
    Optional<KeyRing> keys,
    Map<Long, ConsistencyProof> consistencyProofs,
    Map<Long, Digest> leaves) {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  public BundleLookup {
    consistencyProofs = Map.copyOf(consistencyProofs);
    leaves = Map.copyOf(leaves);
  }

  /** The consistency proof from {@code fromSize} the bundle carries, if any. */
  public Optional<ConsistencyProof> consistencyFrom(long fromSize) {
    return Optional.ofNullable(consistencyProofs.get(fromSize));
  }

  /** The proven leaf hash of entry {@code index}, if the bundle holds it. */
  public Optional<Digest> leaf(long index) {
    return Optional.ofNullable(leaves.get(index));
  }

  /**
   * Reads a bundle.
   *
   * @param bundle the bundle (closed when done)
   * @param verified the checkpoint {@link BundleVerifier} verified for this bundle
   * @param indexes the entries whose leaf hashes are wanted
   * @throws VerificationException if the bundle is not well-formed or a consistency proof is
   *     malformed
   */
  public static BundleLookup read(InputStream bundle, Checkpoint verified, Set<Long> indexes) {
    Optional<KeyRing> keys = Optional.empty();
    Map<Long, ConsistencyProof> proofs = new HashMap<>();
    Map<Long, Digest> leaves = new HashMap<>();
    try (JsonParser p = MAPPER.createParser(bundle)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("it is not a JSON object");
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "keys" -> keys = ring(MAPPER.readTree(p));
          case "consistencyProofs" -> {
            JsonNode array = MAPPER.readTree(p);
            if (!array.isArray()) {
              throw malformed("'consistencyProofs' is not an array");
            }
            for (JsonNode json : array) {
              ConsistencyProof proof = ProofJson.parseConsistency(json);
              if (proof.toSize() == verified.size()) {
                proofs.put(proof.fromSize(), proof);
              }
            }
          }
          case "entries" -> {
            if (p.currentToken() != JsonToken.START_ARRAY) {
              throw malformed("'entries' is not an array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
              entry(MAPPER.readTree(p), verified, indexes, leaves);
            }
          }
          default -> p.skipChildren();
        }
      }
    } catch (JacksonException e) {
      throw malformed("it is not well-formed JSON: " + e.getOriginalMessage());
    }
    return new BundleLookup(keys, proofs, leaves);
  }

  private static Optional<KeyRing> ring(JsonNode json) {
    try {
      return Optional.of(KeyRing.fromJson(json));
    } catch (VerificationException | IllegalArgumentException e) {
      return Optional.empty(); // BundleVerifier reports it
    }
  }

  private static void entry(
      JsonNode e, Checkpoint verified, Set<Long> indexes, Map<Long, Digest> leaves) {
    JsonNode idx = e.get("index");
    if (idx == null || !idx.isIntegralNumber() || !indexes.contains(idx.asLong())) {
      return;
    }
    long index = idx.asLong();
    try {
      Digest leaf = MerkleHash.leaf(Base64.getDecoder().decode(e.path("entry").asString("")));
      new InclusionProof(
              index,
              verified.size(),
              ProofJson.hashes(e.get("inclusionProof"), "an inclusion proof"))
          .verify(leaf, verified.root());
      leaves.put(index, leaf);
    } catch (VerificationException | IllegalArgumentException notProven) {
      // not taken: BundleVerifier reports such an entry
    }
  }

  private static VerificationException malformed(String what) {
    return new VerificationException(
        VerificationException.Failure.FORMAT, "malformed audit bundle: " + what);
  }
}
