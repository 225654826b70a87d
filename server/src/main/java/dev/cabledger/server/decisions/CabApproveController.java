package dev.cabledger.server.decisions;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.WorkflowProperties;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The source article's {@code POST /api/cab/approve}, kept so that a client written against the
 * article works unchanged: the same request and answer members. Unlike the article, the approver is
 * the authenticated caller, and the change's plan, client, risk and module must be the stored ones.
 * It records the same signed {@code CAB_APPROVED} as an {@code approve} decision.
 */
@RestController
class CabApproveController {
  static final String JUSTIFICATION = "approved via /api/cab/approve";

  private final ChangeRecords records;
  private final Decisions decisions;
  private final ApprovalEntries approvals;
  private final LogReader reader;
  private final ServiceKeys keys;
  private final WorkflowProperties properties;

  CabApproveController(
      ChangeRecords records,
      Decisions decisions,
      ApprovalEntries approvals,
      LogReader reader,
      ServiceKeys keys,
      WorkflowProperties properties) {
    this.records = records;
    this.decisions = decisions;
    this.approvals = approvals;
    this.reader = reader;
    this.keys = keys;
    this.properties = properties;
  }

  /**
   * The article's answer, read from the signed entry, plus the approval's id and the receipt.
   *
   * @param approved always true: a refusal is a problem, not an answer
   * @param signature the service's ML-DSA-65 signature of the entry's DSSE envelope, base64
   * @param keyId the id of the key that made it (see {@code GET /api/keys})
   * @param algorithm {@code ML-DSA-65}
   * @param timestamp when the approval was made (the statement's {@code created_at})
   * @param approvalId the approval's id, for revocation and queries
   * @param changeRequestId the change approved
   * @param expiresAt when the approval stops counting
   * @param receipt where the entry is and the proof that a signed checkpoint covers it
   */
  record ApproveAnswer(
      boolean approved,
      String signature,
      String keyId,
      String algorithm,
      String timestamp,
      String approvalId,
      String changeRequestId,
      Optional<String> expiresAt,
      ReceiptView receipt) {}

  @PostMapping(
      value = "/api/cab/approve",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ApproveAnswer> approve(
      @RequestBody ApprovalRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    request.check(caller);
    ChangeHistory history = records.visible(request.changeId(), caller);
    request.requireMatches(history);
    Instant now = Instant.now();
    Decision decision =
        new Decision(
            Decision.Verdict.APPROVE,
            JUSTIFICATION,
            List.of(),
            Optional.of(Members.millis(now.plus(properties.approvalValidity()))),
            ApprovalConstraints.NONE,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    Recorded recorded =
        decisions.decide(history, decision, caller, Optional.ofNullable(idempotencyKey), request);
    long index = recorded.receipt().index();
    LoggedEvent entry = approvals.at(index);
    if (!(entry.data() instanceof CabApproved approval)) {
      throw new LedgerIntegrityException("entry " + index + " is not the approval just recorded");
    }
    EnvelopeSignature signature = serviceSignature(index);
    ApproveAnswer answer =
        new ApproveAnswer(
            true,
            Base64.getEncoder().encodeToString(signature.sig()),
            signature.keyId().value(),
            "ML-DSA-65",
            entry.createdAt().toString(),
            approval.approvalId().toString(),
            entry.statement().subjectName(),
            approval.expiryDate().map(Object::toString),
            ReceiptView.of(recorded.receipt()));
    URI location = URI.create("/api/changes/" + entry.statement().subjectName());
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(answer)
        : ResponseEntity.created(location).body(answer);
  }

  /** The service key's signature on the entry's envelope, as stored in the log. */
  private EnvelopeSignature serviceSignature(long index) {
    KeyId service = ServiceKeys.keyId(keys.servicePublicKey());
    Envelope envelope = Envelope.parse(reader.entry(index).bytes());
    return envelope.signatures().stream()
        .filter(s -> s.keyId().equals(service))
        .findFirst()
        .orElseThrow(
            () ->
                new LedgerIntegrityException(
                    "entry " + index + " carries no signature by the service key " + service));
  }
}
