package dev.cabledger.server.audit;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.bundle.BundleWriter;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.ledger.LedgerOrigin;
import dev.cabledger.server.ledger.LedgerRangeException;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.StoredCheckpoint;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Exports a range of the log as an audit bundle, every proof against one checkpoint. A stored entry
 * or node that is missing is exported as it is (no entry, no proof), for the verifier to report:
 * the export never repairs what it finds.
 */
@Component
public final class BundleExport {
  private final LogReader reader;
  private final KeyRegistry keys;
  private final LedgerOrigin origin;

  BundleExport(LogReader reader, KeyRegistry keys, LedgerOrigin origin) {
    this.reader = reader;
    this.keys = keys;
    this.origin = origin;
  }

  /** The most {@code consistencyFrom} sizes one export takes. */
  static final int MAX_CONSISTENCY_PROOFS = 64;

  /**
   * The range to export, checked against the latest checkpoint before anything is written, with the
   * consistency proofs to that checkpoint that were asked for.
   */
  public record Range(
      StoredCheckpoint checkpoint, long from, long to, List<ConsistencyProof> consistencyProofs) {
    public Range {
      consistencyProofs = List.copyOf(consistencyProofs);
    }
  }

  /** Resolves and checks {@code [from, to)}; defaults: the whole log. */
  public Range range(Optional<Long> from, Optional<Long> to) {
    return range(from, to, List.of());
  }

  /**
   * Resolves and checks {@code [from, to)} and computes a consistency proof from each size in
   * {@code consistencyFrom} (sizes of checkpoints an auditor kept) to the exported checkpoint.
   */
  public Range range(Optional<Long> from, Optional<Long> to, List<Long> consistencyFrom) {
    StoredCheckpoint cp = reader.latestCheckpoint();
    long f = from.orElse(0L);
    long t = to.orElse(cp.size());
    if (f < 0 || t < f) {
      throw LedgerRangeException.invalid(
          "a bundle range needs 0 <= from <= to, got from=" + f + " to=" + t);
    }
    if (t > cp.size()) {
      throw LedgerRangeException.beyondLog(
          "the log has " + cp.size() + " entries; cannot export up to " + t);
    }
    List<Long> sizes = consistencyFrom.stream().distinct().sorted().toList();
    if (sizes.size() > MAX_CONSISTENCY_PROOFS) {
      throw LedgerRangeException.invalid(
          "at most " + MAX_CONSISTENCY_PROOFS + " consistencyFrom sizes fit in one bundle");
    }
    List<ConsistencyProof> proofs = new ArrayList<>(sizes.size());
    for (long size : sizes) {
      if (size < 1) {
        throw LedgerRangeException.invalid(
            "consistencyFrom must be at least 1 (RFC 9162 has no proof from an empty tree), got "
                + size);
      }
      if (size > cp.size()) {
        // A kept checkpoint larger than the log: no proof can exist; the verifier reports the
        // rollback from the bundle's own checkpoint.
        continue;
      }
      proofs.add(reader.consistencyProof(size, cp.size()));
    }
    return new Range(cp, f, t, proofs);
  }

  /** Streams the bundle of {@code range} to {@code out}. */
  public void write(Range range, OutputStream out) {
    StoredCheckpoint cp = range.checkpoint();
    BundleWriter writer =
        new BundleWriter(
            out,
            origin.value(),
            cp.note(),
            keys.asOf(cp.size()),
            keyEntriesOutside(range.from(), range.to(), cp.size()),
            range.consistencyProofs(),
            range.from(),
            range.to());
    long[] count = {0};
    reader.forEachProvenEntry(
        range.from(),
        range.to(),
        cp.size(),
        proven -> {
          writer.entry(proven.entry().index(), proven.entry().bytes(), proven.proof());
          if (++count[0] % 1000 == 0) {
            writer.flush();
          }
        });
    writer.finish();
  }

  /**
   * The KEY_* entries before {@code from} and after {@code to} up to the checkpoint, with proofs
   * against it, so that a verifier of a range can establish every key the bundle's registry names
   * and judge the range's signatures by what the whole log says of their keys: a key retired or
   * compromised after the range may take back signatures in it (docs/formats.md §7). They are found
   * by reading the entries themselves, not the registry's projection, which a writer to the
   * database could add rows to. An entry that does not parse is not a key entry here; the full
   * audit reports it.
   */
  private List<BundleWriter.KeyEntry> keyEntriesOutside(long from, long to, long treeSize) {
    List<BundleWriter.KeyEntry> found = new ArrayList<>();
    keyEntries(0, from, treeSize, found);
    keyEntries(to, treeSize, treeSize, found);
    return found;
  }

  private void keyEntries(long from, long to, long treeSize, List<BundleWriter.KeyEntry> found) {
    if (from >= to) {
      return;
    }
    reader.forEachProvenEntry(
        from,
        to,
        treeSize,
        proven -> {
          if (isKeyEvent(proven.entry().bytes())) {
            found.add(
                new BundleWriter.KeyEntry(
                    proven.entry().index(), proven.entry().bytes(), proven.proof()));
          }
        });
  }

  private static boolean isKeyEvent(byte[] entry) {
    try {
      return Envelope.parse(entry).statement().predicate().eventType().isKeyEvent();
    } catch (VerificationException e) {
      return false;
    }
  }
}
