package dev.cabledger.server.audit;

import dev.cabledger.core.bundle.BundleWriter;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.ledger.LedgerOrigin;
import dev.cabledger.server.ledger.LedgerRangeException;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.StoredCheckpoint;
import java.io.OutputStream;
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

  /** The range to export, checked against the latest checkpoint before anything is written. */
  public record Range(StoredCheckpoint checkpoint, long from, long to) {}

  /** Resolves and checks {@code [from, to)}; defaults: the whole log. */
  public Range range(Optional<Long> from, Optional<Long> to) {
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
    return new Range(cp, f, t);
  }

  /** Streams the bundle of {@code range} to {@code out}. */
  public void write(Range range, OutputStream out) {
    StoredCheckpoint cp = range.checkpoint();
    BundleWriter writer =
        new BundleWriter(out, origin.value(), cp.note(), keys.all(), range.from(), range.to());
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
}
