package dev.cabledger.server.audit;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.bundle.BundleVerificationException;
import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.merkle.CompactRange;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.server.events.ProjectionAudit;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LogEntry;
import dev.cabledger.server.ledger.LogReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.stereotype.Component;

/**
 * The server-side check of the whole log. It runs the same offline verifier an auditor runs over a
 * full export (so the two cannot drift), and adds what only the database can show: each stored leaf
 * hash against its entry's bytes, the root recomputed from the entries against the latest signed
 * checkpoint, and every stored checkpoint against the stored Merkle nodes at its size.
 */
@Component
public final class LedgerAudit {
  private final BundleExport export;
  private final LogReader reader;
  private final List<ProjectionAudit> projections;
  private final TrustRoot trust;

  LedgerAudit(
      BundleExport export, LogReader reader, List<ProjectionAudit> projections, TrustRoot trust) {
    this.export = export;
    this.reader = reader;
    this.projections = List.copyOf(projections);
    this.trust = trust;
  }

  /**
   * The outcome of one audit.
   *
   * @param treeSize the size of the checkpoint audited against
   * @param findings every failure, naming the entry where there is one
   */
  public record Result(long treeSize, List<Finding> findings) {
    public Result {
      findings = List.copyOf(findings);
    }

    /** True when nothing failed. */
    public boolean passed() {
      return findings.isEmpty();
    }
  }

  /** Audits the whole log against its latest checkpoint. */
  public Result run() {
    BundleExport.Range range;
    try {
      range = export.range(Optional.of(0L), Optional.empty());
    } catch (LedgerIntegrityException e) {
      return new Result(0, List.of(Finding.ofBundle(e.getMessage())));
    }
    List<Finding> findings = new ArrayList<>();
    try {
      findings.addAll(verifyExport(range));
    } catch (LedgerIntegrityException e) {
      findings.add(Finding.ofBundle(e.getMessage()));
    }
    findings.addAll(recompute(range));
    findings.addAll(checkpoints());
    return new Result(range.checkpoint().size(), findings);
  }

  private List<Finding> verifyExport(BundleExport.Range range) {
    try (PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream out = new PipedOutputStream(in)) {
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                try (out) {
                  export.write(range, out);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              r -> Thread.ofVirtual().start(r));
      List<Finding> findings;
      try {
        // The verifier closes what it reads; keep the pipe open so the writer can finish. It pins
        // the log key this instance holds: keys in the database are only what the log establishes.
        new BundleVerifier(Optional.of(trust.trust()), Optional.empty())
            .verify(
                new FilterInputStream(in) {
                  @Override
                  public void close() {}
                });
        findings = List.of();
      } catch (BundleVerificationException e) {
        findings = e.findings();
      }
      in.transferTo(OutputStream.nullOutputStream());
      try {
        writing.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof LedgerIntegrityException integrity) {
          throw integrity;
        }
        throw e;
      }
      return findings;
    } catch (IOException e) {
      throw new UncheckedIOException("the audit could not read its own export", e);
    }
  }

  /**
   * Every stored checkpoint must be a checkpoint of this tree: its root must be the root of the
   * stored Merkle nodes at its size. A row that is not (e.g. signed on another branch of the log
   * and copied in) is reported by size.
   */
  private List<Finding> checkpoints() {
    List<Finding> findings = new ArrayList<>();
    try {
      reader.forEachCheckpointWithStoredRoot(
          (cp, storedRoot) -> {
            if (storedRoot.isEmpty()) {
              findings.add(
                  Finding.ofBundle(
                      "checkpoint of size "
                          + cp.size()
                          + ": the stored Merkle nodes of that tree are incomplete"));
            } else if (!storedRoot.get().equals(cp.root())) {
              findings.add(
                  Finding.ofBundle(
                      "checkpoint of size "
                          + cp.size()
                          + " is not consistent with the tree: its root "
                          + cp.root()
                          + " differs from the root of the stored Merkle nodes at that size, "
                          + storedRoot.get()));
            }
          });
    } catch (LedgerIntegrityException e) {
      findings.add(Finding.ofBundle(e.getMessage()));
    }
    return findings;
  }

  private List<Finding> recompute(BundleExport.Range range) {
    List<Finding> findings = new ArrayList<>();
    CompactRange tree = CompactRange.empty();
    List<ProjectionAudit.Rebuild> rebuilds =
        projections.stream().map(ProjectionAudit::rebuild).toList();
    long[] expected = {0};
    reader.forEachPageWithLeafHashes(
        0,
        range.to(),
        (page, stored) -> {
          for (LogEntry entry : page) {
            long index = entry.index();
            while (expected[0] < index) {
              findings.add(Finding.ofEntry(expected[0]++, "row is missing from ledger_entry"));
            }
            expected[0] = index + 1;
            Digest leaf = MerkleHash.leaf(entry.bytes());
            Digest storedLeaf = stored.get(index);
            if (storedLeaf == null) {
              findings.add(Finding.ofEntry(index, "its stored leaf hash is missing"));
            } else if (!storedLeaf.equals(leaf)) {
              findings.add(Finding.ofEntry(index, "bytes do not match the stored leaf hash"));
            }
            tree.append(leaf, (id, h) -> {});
            statement(entry).ifPresent(st -> rebuilds.forEach(r -> r.entry(index, st)));
          }
        });
    while (expected[0] < range.to()) {
      findings.add(Finding.ofEntry(expected[0]++, "row is missing from ledger_entry"));
    }
    for (ProjectionAudit.Rebuild rebuild : rebuilds) {
      findings.addAll(rebuild.compare(range.to()));
    }
    if (findings.isEmpty() && !tree.root().equals(range.checkpoint().root())) {
      findings.add(
          Finding.ofBundle(
              "the root recomputed from the stored entries differs from the signed checkpoint"));
    }
    return findings;
  }

  /** The entry's statement; one that does not parse is already a finding of the verifier. */
  private static Optional<Statement> statement(LogEntry entry) {
    try {
      return Optional.of(Envelope.parse(entry.bytes()).statement());
    } catch (VerificationException e) {
      return Optional.empty();
    }
  }
}
