package dev.cabledger.server.evidence;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeReplanned;
import dev.cabledger.core.event.EvidenceSealed;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LogEntry;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.ProjectionRejectedException;
import dev.cabledger.server.ledger.Receipt;
import dev.cabledger.server.ledger.StoredCheckpoint;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.StateConflictException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The source article's {@code POST /api/cab/seal-evidence}, and {@code GET /api/evidence/{hash}}
 * for the sealed bytes.
 */
@RestController
class EvidenceController {
  private static final java.time.Duration FIRST_SEALING_WAIT = java.time.Duration.ofSeconds(10);

  static final String ALGORITHM = "ML-DSA-65";
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private final ChangeRecords records;
  private final ChangeWriter writer;
  private final EvidenceStore store;
  private final LogReader reader;

  EvidenceController(
      ChangeRecords records, ChangeWriter writer, EvidenceStore store, LogReader reader) {
    this.records = records;
    this.writer = writer;
    this.store = store;
    this.reader = reader;
  }

  /**
   * The article's answer, {@code {evidenceHash, signature, keyId, algorithm, sealedAt}}, read from
   * the signed {@code EVIDENCE_SEALED} entry, with what else it states and the receipt.
   *
   * @param evidenceHash SHA-256 of the package's RFC 8785 bytes, hex
   * @param signature the service's ML-DSA-65 signature of the entry (over its DSSE PAE), base64
   * @param keyId the id of the key that made it, in the key registry
   * @param algorithm {@code ML-DSA-65}
   * @param sealedAt the entry's {@code created_at}
   * @param evidencePackId the id a decision cites ({@code evidence_pack_id})
   * @param changeRequestId the change
   * @param planHash the change's plan when the package was sealed
   * @param entryIndex the entry's index
   * @param receipt the entry's inclusion proof under the latest checkpoint
   */
  record SealAnswer(
      String evidenceHash,
      String signature,
      String keyId,
      String algorithm,
      String sealedAt,
      String evidencePackId,
      String changeRequestId,
      String planHash,
      long entryIndex,
      ReceiptView receipt) {}

  @PostMapping(
      value = "/api/cab/seal-evidence",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<SealAnswer> seal(
      @RequestBody JsonNode body,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    EvidencePackage pkg = EvidencePackage.of(body);
    Optional<String> approvedBy = pkg.text("approvedBy");
    if (approvedBy.isPresent() && !approvedBy.get().equals(caller.subject())) {
      throw new InvalidInputException(
          "approvedBy must be your authenticated subject \""
              + caller.subject()
              + "\" or be left out: the approver is who signed in, not who the body names");
    }
    ChangeHistory history = records.visible(pkg.changeRequestId(), caller);
    // Content-addressed: the same bytes are one package, sealed once.
    Optional<EvidenceStore.Stored> earlier = store.find(pkg.hash());
    if (earlier.isPresent()) {
      return answer(earlier.get().entryIndex(), receiptOf(earlier.get().entryIndex()), false);
    }
    requireMatches(pkg, history);
    EvidenceSealed event =
        new EvidenceSealed(history.client(), history.planHash(), UUID.randomUUID(), pkg.hash());
    Statement statement = ChangeRecords.statement(history.changeId(), event, caller);
    Recorded recorded;
    try {
      recorded =
          writer.record(
              statement,
              store.sealing(
                  pkg, event.evidencePackId(), history.changeId(), history.client().value()),
              Optional.ofNullable(idempotencyKey),
              caller,
              body);
    } catch (AlreadySealedException e) {
      return firstSealing(pkg);
    } catch (ProjectionRejectedException e) {
      // Sealed by an entry ahead of this one in the same batch.
      if (e.getCause() instanceof AlreadySealedException) {
        return firstSealing(pkg);
      }
      throw e;
    }
    return answer(recorded.receipt().index(), recorded.receipt(), !recorded.replayed());
  }

  /**
   * The answer of the sealing that stored these bytes first. Refused because an entry ahead of it
   * in the same batch sealed them, this request may learn so before that batch, written again
   * without it, commits: it waits a little for the first sealing to be stored.
   */
  private ResponseEntity<SealAnswer> firstSealing(EvidencePackage pkg) {
    long deadline = System.nanoTime() + FIRST_SEALING_WAIT.toNanos();
    Optional<EvidenceStore.Stored> first = store.find(pkg.hash());
    while (first.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      first = store.find(pkg.hash());
    }
    long index =
        first
            .orElseThrow(
                () ->
                    new LedgerIntegrityException(
                        "evidence package " + pkg.hash().hex() + " was sealed but is not stored"))
            .entryIndex();
    return answer(index, receiptOf(index), false);
  }

  @GetMapping(value = "/api/evidence/{hash}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> evidence(
      @PathVariable String hash, @AuthenticationPrincipal Caller caller) {
    if (!HASH.matcher(hash).matches()) {
      throw new InvalidInputException(
          "the evidence hash must be the SHA-256 of the package as 64 lower-case hex digits");
    }
    Digest digest = Digest.fromHex(hash);
    NotVisibleException missing = new NotVisibleException("no evidence package " + hash);
    EvidenceStore.Stored stored = store.find(digest).orElseThrow(() -> missing);
    // Who may see it is decided by the signed entry, not by the row's client column.
    EvidenceSealed sealed = sealedAt(stored.entryIndex()).sealed();
    if (!sealed.evidenceHash().equals(digest)) {
      throw new LedgerIntegrityException(
          "evidence package "
              + hash
              + " is stored with entry "
              + stored.entryIndex()
              + ", which seals another hash");
    }
    if (!caller.sees(sealed.client().value())) {
      throw missing;
    }
    byte[] document = stored.document();
    // Never answer bytes that are not the sealed ones.
    if (!MessageDigest.isEqual(Digest.sha256(document).bytes(), digest.bytes())) {
      throw new LedgerIntegrityException(
          "the stored bytes of evidence package " + hash + " do not hash to it");
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .header("Repr-Digest", "sha-256=:" + digest.base64() + ":")
        .body(document);
  }

  /** Client, module and risk level, when the package states them, must be the change's. */
  private static void requireMatches(EvidencePackage pkg, ChangeHistory history) {
    Optional<String> client = pkg.text("client");
    if (client.isPresent() && !client.get().equals(history.client().value())) {
      throw new StateConflictException(
          "client is \""
              + client.get()
              + "\" but change "
              + history.changeId()
              + " is of client "
              + history.client().value());
    }
    Optional<String> module = pkg.text("module");
    Optional<String> changeModule = module(history);
    if (module.isPresent() && !module.equals(changeModule)) {
      throw new StateConflictException(
          "module is \""
              + module.get()
              + "\" but change "
              + history.changeId()
              + " is for "
              + changeModule.map(m -> "module " + m).orElse("no module"));
    }
    Optional<Risk> risk = pkg.riskLevel();
    Optional<Risk> changeRisk = history.submitted().risk();
    if (risk.isPresent() && !risk.equals(changeRisk)) {
      throw new StateConflictException(
          "riskLevel is "
              + risk.get().json()
              + " but change "
              + history.changeId()
              + " is "
              + changeRisk.map(r -> r.json() + " risk").orElse("not assessed"));
    }
  }

  /** The change's module now: the latest re-plan's, if one names it, else the submitted one. */
  private static Optional<String> module(ChangeHistory history) {
    Optional<String> module = history.submitted().module();
    for (LoggedEvent e : history.events()) {
      if (e.data() instanceof ChangeReplanned r && r.module().isPresent()) {
        module = r.module();
      }
    }
    return module;
  }

  private record Entry(Statement statement, EvidenceSealed sealed, EnvelopeSignature signature) {}

  /** The signed entry at an index, which must seal evidence. */
  private Entry sealedAt(long index) {
    LogEntry entry = reader.entry(index);
    Envelope envelope;
    Statement statement;
    try {
      envelope = Envelope.parse(entry.bytes());
      statement = envelope.statement();
    } catch (RuntimeException e) {
      throw new LedgerIntegrityException(
          "entry " + index + " does not hold a valid statement: " + e.getMessage());
    }
    if (!(statement.predicate().data() instanceof EvidenceSealed sealed)) {
      throw new LedgerIntegrityException(
          "entry "
              + index
              + " is indexed as sealing evidence but is "
              + statement.predicate().eventType());
    }
    // Entries the service appends carry one signature, the service's.
    return new Entry(statement, sealed, envelope.signatures().getFirst());
  }

  private ResponseEntity<SealAnswer> answer(long index, Receipt receipt, boolean created) {
    Entry e = sealedAt(index);
    SealAnswer answer =
        new SealAnswer(
            e.sealed().evidenceHash().hex(),
            Base64.getEncoder().encodeToString(e.signature().sig()),
            e.signature().keyId().value(),
            ALGORITHM,
            e.statement().predicate().createdAt().toString(),
            e.sealed().evidencePackId().toString(),
            e.statement().subjectName(),
            e.sealed().planHash().hex(),
            index,
            ReceiptView.of(receipt));
    URI location = URI.create("/api/evidence/" + answer.evidenceHash());
    return created
        ? ResponseEntity.created(location).body(answer)
        : ResponseEntity.ok().location(location).body(answer);
  }

  /** The receipt of an entry already in the log, proven by the latest checkpoint. */
  private Receipt receiptOf(long index) {
    StoredCheckpoint checkpoint = reader.latestCheckpoint();
    return new Receipt(
        index,
        MerkleHash.leaf(reader.entry(index).bytes()),
        checkpoint,
        reader.inclusionProof(index, checkpoint.size()));
  }
}
