package dev.cabledger.server.reports;

import dev.cabledger.core.Digest;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A report made, stored and logged.
 *
 * @param reportId its id
 * @param format what it is written as
 * @param hash the SHA-256 of its bytes
 * @param size its length in bytes
 * @param file where its bytes are stored
 * @param entryIndex the index of its {@code REPORT_GENERATED} entry
 * @param signature that entry's bytes: the DSSE envelope that signs the report's hash
 * @param totalChanges the changes it holds
 * @param totalDecisions the decisions it holds
 * @param entriesVerified the entries it checked (their signatures and inclusion proofs)
 * @param allSignaturesValid whether every entry it took a value from verified
 * @param allEntriesIncluded whether every such entry is included under its checkpoint
 * @param checkpointSize the size of that checkpoint
 */
public record GeneratedReport(
    UUID reportId,
    ReportFormat format,
    Digest hash,
    long size,
    Path file,
    long entryIndex,
    byte[] signature,
    long totalChanges,
    long totalDecisions,
    long entriesVerified,
    boolean allSignaturesValid,
    boolean allEntriesIncluded,
    long checkpointSize) {
  public GeneratedReport {
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
