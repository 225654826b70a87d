package dev.cabledger.core.bundle;

import dev.cabledger.core.Digest;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.registry.RegisteredKey;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an audit bundle as a stream: the header first (format, origin, checkpoint, keys, range),
 * then one entry at a time, so neither writer nor reader holds the whole log in memory.
 */
public final class BundleWriter implements AutoCloseable {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private final JsonGenerator out;
  private boolean finished;

  /**
   * A KEY_* entry before or after the range, carried so the verifier can establish keys and judge
   * them as the whole log does (docs/formats.md §7).
   *
   * @param index its index in the log
   * @param bytes its entry bytes
   * @param proof its inclusion proof against the bundle's checkpoint
   */
  public record KeyEntry(long index, byte[] bytes, Optional<InclusionProof> proof) {
    public KeyEntry {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** Starts a bundle without key entries (a range from 0 needs none). */
  public BundleWriter(
      OutputStream sink,
      String origin,
      String checkpointNote,
      List<RegisteredKey> keys,
      long from,
      long to) {
    this(sink, origin, checkpointNote, keys, List.of(), List.of(), from, to);
  }

  /**
   * Starts a bundle that also carries consistency proofs to its checkpoint, from sizes an auditor
   * saw earlier (formats.md §7 {@code consistencyProofs}).
   */
  public BundleWriter(
      OutputStream sink,
      String origin,
      String checkpointNote,
      List<RegisteredKey> keys,
      List<ConsistencyProof> consistencyProofs,
      long from,
      long to) {
    this(sink, origin, checkpointNote, keys, List.of(), consistencyProofs, from, to);
  }

  /**
   * Starts a bundle.
   *
   * @param sink where the JSON goes (not closed by this writer)
   * @param origin the log's origin
   * @param checkpointNote the signed checkpoint every proof leads to
   * @param keys the key registry
   * @param keyEntries the KEY_* entries before {@code from} and from {@code to} up to the
   *     checkpoint, in log order (formats.md §7)
   * @param consistencyProofs consistency proofs to the checkpoint from earlier sizes
   * @param from first index of the range
   * @param to one past the last index of the range
   */
  public BundleWriter(
      OutputStream sink,
      String origin,
      String checkpointNote,
      List<RegisteredKey> keys,
      List<KeyEntry> keyEntries,
      List<ConsistencyProof> consistencyProofs,
      long from,
      long to) {
    this.out = MAPPER.createGenerator(sink);
    out.writeStartObject();
    out.writeStringProperty("format", AuditBundle.FORMAT);
    out.writeStringProperty("origin", origin);
    out.writeStringProperty("checkpoint", checkpointNote);
    out.writeName("keys");
    out.writeStartArray();
    for (RegisteredKey key : keys) {
      out.writeTree(key.toJson());
    }
    out.writeEndArray();
    if (!consistencyProofs.isEmpty()) {
      out.writeName("consistencyProofs");
      out.writeStartArray();
      for (ConsistencyProof proof : consistencyProofs) {
        ProofJson.writeConsistency(out, proof);
      }
      out.writeEndArray();
    }
    out.writeNumberProperty("from", from);
    out.writeNumberProperty("to", to);
    if (!keyEntries.isEmpty()) {
      out.writeName("keyEntries");
      out.writeStartArray();
      for (KeyEntry k : keyEntries) {
        entry(k.index(), k.bytes(), k.proof());
      }
      out.writeEndArray();
    }
    out.writeName("entries");
    out.writeStartArray();
  }

  /** Writes one entry; without a proof the verifier reports the entry as unproven. */
  public void entry(long index, byte[] entryBytes, Optional<InclusionProof> proof) {
    out.writeStartObject();
    out.writeNumberProperty("index", index);
    out.writeBinaryProperty("entry", entryBytes);
    if (proof.isPresent()) {
      out.writeName("inclusionProof");
      out.writeStartArray();
      for (Digest h : proof.get().hashes()) {
        out.writeString(h.base64());
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }

  /** Flushes what is written so far (so a long export shows progress to its reader). */
  public void flush() {
    out.flush();
  }

  /** Ends the document. */
  public void finish() {
    if (!finished) {
      finished = true;
      out.writeEndArray();
      out.writeEndObject();
      out.flush();
    }
  }

  @Override
  public void close() {
    finish();
    out.close();
  }
}
