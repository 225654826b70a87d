package dev.cabledger.server.evidence;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.event.EvidenceSealed;
import dev.cabledger.server.workflow.ChangeEventRows;
import dev.cabledger.server.workflow.ProjectedRow;
import dev.cabledger.server.workflow.WorkflowTables;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The evidence feature's row of an {@code EVIDENCE_SEALED} entry: its {@code evidence_package} row
 * without the package's bytes, which the log does not hold. The sealing writes the row with them
 * ({@link EvidenceStore}); the ledger check expects the row and checks that the bytes stored hash
 * to the entry's {@code evidence_hash}; a rebuild cannot restore a lost one.
 */
@Component
final class EvidenceRows implements ChangeEventRows {
  @Override
  public Set<EventType> types() {
    return Set.of(EventType.EVIDENCE_SEALED);
  }

  @Override
  public List<ProjectedRow> rows(long index, Statement statement) {
    if (!(statement.predicate().data() instanceof EvidenceSealed e)) {
      throw new IllegalArgumentException("not an evidence sealing: " + statement);
    }
    return List.of(
        row(
            e.evidenceHash(),
            e.evidencePackId(),
            statement.subjectName(),
            e.client().value(),
            index));
  }

  /** The row of a sealing at {@code index}, as the entry states it. */
  static ProjectedRow row(
      Digest evidenceHash, UUID evidencePackId, String changeId, String client, long index) {
    return ProjectedRow.of(WorkflowTables.EVIDENCE_PACKAGE)
        .text("evidence_hash", evidenceHash.hex())
        .text("evidence_pack_id", evidencePackId.toString())
        .text("change_id", changeId)
        .text("client", client)
        .integer("entry_idx", index)
        .build();
  }

  @Override
  public List<String> checkOutside(JdbcTemplate jdbc, ProjectedRow row) {
    if (row.table() != WorkflowTables.EVIDENCE_PACKAGE) {
      return List.of();
    }
    // One document at a time: packages may be large, and the check must not hold many.
    List<byte[]> documents =
        jdbc.query(
            "SELECT document FROM evidence_package WHERE entry_idx = ?",
            (rs, n) -> rs.getBytes(1),
            row.entryIndex());
    if (documents.isEmpty()) {
      return List.of();
    }
    Digest stored = Digest.sha256(documents.getFirst());
    if (stored.hex().equals(row.key())) {
      return List.of();
    }
    return List.of(
        row
            + ": document hashes to "
            + stored.hex()
            + ", not to the evidence_hash the entry states");
  }
}
