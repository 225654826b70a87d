package dev.cabledger.server.evidence;

import dev.cabledger.core.Digest;
import dev.cabledger.server.ledger.EntryProjection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The content-addressed, append-only store of sealed packages ({@code evidence_package}): the
 * canonical bytes under their SHA-256, written in the transaction of their {@code EVIDENCE_SEALED}
 * entry.
 */
@Component
final class EvidenceStore {
  /**
   * A stored package.
   *
   * @param entryIndex the index of the entry that sealed it
   * @param document the canonical bytes as stored
   */
  record Stored(long entryIndex, byte[] document) {
    Stored {
      document = document.clone();
    }

    @Override
    public byte[] document() {
      return document.clone();
    }
  }

  private final JdbcTemplate jdbc;

  EvidenceStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The package stored under a hash, if any. */
  Optional<Stored> find(Digest hash) {
    return find(jdbc, hash);
  }

  private static Optional<Stored> find(JdbcTemplate jdbc, Digest hash) {
    List<Stored> rows =
        jdbc.query(
            "SELECT entry_idx, document FROM evidence_package WHERE evidence_hash = ?",
            (rs, n) -> new Stored(rs.getLong(1), rs.getBytes(2)),
            hash.hex());
    return rows.stream().findFirst();
  }

  /**
   * The row of a sealing, refused under the append lock when the same bytes are already stored (a
   * concurrent sealing of the same package won): nothing is appended twice.
   */
  EntryProjection sealing(
      EvidencePackage pkg, UUID evidencePackId, String changeId, String client) {
    return new EntryProjection() {
      @Override
      public void check(JdbcTemplate tx) {
        if (find(tx, pkg.hash()).isPresent()) {
          throw new AlreadySealedException(pkg.hash());
        }
      }

      @Override
      public void write(JdbcTemplate tx, long index) {
        EvidenceRows.row(pkg.hash(), evidencePackId, changeId, client, index)
            .insertWith(tx, "document", pkg.canonicalBytes());
      }
    };
  }
}
