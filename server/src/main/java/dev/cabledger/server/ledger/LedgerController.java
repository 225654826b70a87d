package dev.cabledger.server.ledger;

import dev.cabledger.core.Digest;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The log's read API (hashes in base64): checkpoint and proofs are public, entries need a role and
 * are tenant-scoped (see the identity package's authorization table).
 */
@RestController
@RequestMapping("/api/ledger")
class LedgerController {
  private final LogReader reader;

  LedgerController(LogReader reader) {
    this.reader = reader;
  }

  /** The latest checkpoint as a C2SP signed note. */
  @GetMapping(value = "/checkpoint", produces = "text/plain;charset=UTF-8")
  String checkpoint() {
    return reader.latestCheckpoint().note();
  }

  /** An entry's bytes and its inclusion proof to the latest checkpoint. */
  record EntryView(
      long index,
      String entry,
      String leafHash,
      long treeSize,
      List<String> inclusionProof,
      String checkpoint) {}

  /**
   * Tenant-scoped: another client's entry answers exactly as a missing one does (same status, type,
   * title and detail), so a caller learns nothing of entries outside its scope.
   */
  @GetMapping(value = "/entries/{index}", produces = MediaType.APPLICATION_JSON_VALUE)
  EntryView entry(@PathVariable long index, @AuthenticationPrincipal Caller caller) {
    LogEntry entry;
    try {
      entry = reader.entry(index);
    } catch (LedgerRangeException e) {
      if (e.isBeyondLog()) {
        throw notFound(index);
      }
      throw e;
    }
    byte[] bytes = entry.bytes();
    if (!EntryClient.visibleTo(caller, bytes)) {
      throw notFound(index);
    }
    // Read after the entry: an entry commits with the checkpoint of its batch, so the latest
    // checkpoint now covers it (read first, an entry committed in between would not be).
    StoredCheckpoint cp = reader.latestCheckpoint();
    InclusionProof proof = reader.inclusionProof(index, cp.size());
    return new EntryView(
        index,
        Base64.getEncoder().encodeToString(bytes),
        MerkleHash.leaf(bytes).base64(),
        cp.size(),
        base64(proof.hashes()),
        cp.note());
  }

  private static NotVisibleException notFound(long index) {
    return new NotVisibleException("No entry " + index + " within your client scope.");
  }

  record InclusionView(long leafIndex, long treeSize, List<String> hashes) {}

  @GetMapping(value = "/proofs/inclusion", produces = MediaType.APPLICATION_JSON_VALUE)
  InclusionView inclusion(@RequestParam long index, @RequestParam Optional<Long> treeSize) {
    long size = treeSize.orElseGet(() -> reader.latestCheckpoint().size());
    InclusionProof proof = reader.inclusionProof(index, size);
    return new InclusionView(proof.leafIndex(), proof.treeSize(), base64(proof.hashes()));
  }

  record ConsistencyView(long fromSize, long toSize, List<String> hashes) {}

  @GetMapping(value = "/proofs/consistency", produces = MediaType.APPLICATION_JSON_VALUE)
  ConsistencyView consistency(@RequestParam long from, @RequestParam Optional<Long> to) {
    long toSize = to.orElseGet(() -> reader.latestCheckpoint().size());
    ConsistencyProof proof = reader.consistencyProof(from, toSize);
    return new ConsistencyView(proof.fromSize(), proof.toSize(), base64(proof.hashes()));
  }

  private static List<String> base64(List<Digest> hashes) {
    return hashes.stream().map(Digest::base64).toList();
  }
}
