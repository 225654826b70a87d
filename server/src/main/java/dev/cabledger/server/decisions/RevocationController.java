package dev.cabledger.server.decisions;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalRevoked;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.StateConflictException;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/approvals/{id}/revoke}: a platform admin revokes an approval, a CAB approval or
 * an exception approval, with a reason. The approval stops counting from that entry on.
 */
@RestController
class RevocationController {
  private final ApprovalEntries approvals;
  private final ChangeRecords records;
  private final ChangeWriter writer;

  RevocationController(ApprovalEntries approvals, ChangeRecords records, ChangeWriter writer) {
    this.approvals = approvals;
    this.records = records;
    this.writer = writer;
  }

  /**
   * The body.
   *
   * @param reason why the approval is revoked (required)
   */
  record RevocationIntake(@Nullable String reason) {}

  /** What a retry with the same Idempotency-Key must repeat: the approval and the body. */
  record RevocationRequest(String approvalId, RevocationIntake body) {}

  /**
   * The revocation as its signed entry states it, the change after it, and the receipt.
   *
   * @param approvalId the revoked approval
   * @param revokedBy who revoked it
   * @param revocationReason why
   * @param originalApprovalDate when the approval was given
   * @param revokedAt when it was revoked (the statement's {@code created_at})
   * @param change where the change stands after the revocation
   * @param receipt where the entry is and the proof that a signed checkpoint covers it
   */
  record RevocationAnswer(
      String approvalId,
      String revokedBy,
      String revocationReason,
      String originalApprovalDate,
      String revokedAt,
      ChangeStanding change,
      ReceiptView receipt) {}

  @PostMapping(
      value = "/api/approvals/{id}/revoke",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<RevocationAnswer> revoke(
      @PathVariable String id,
      @RequestBody RevocationIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    UUID approvalId = Members.id(id, "the approval id in the path");
    ApprovalEntries.Row row =
        approvals
            .row(approvalId)
            .filter(r -> caller.sees(r.client()))
            .orElseThrow(() -> new NotVisibleException("no approval " + id));
    String reason = Members.required(intake.reason(), "reason", "why the approval is revoked");
    LoggedEvent approval = approvals.decision(row);
    Digest plan;
    ClientId client;
    switch (approval.data()) {
      case CabApproved a -> {
        plan = a.planHash();
        client = a.client();
      }
      case ExceptionApproved a -> {
        plan = a.planHash();
        client = a.client();
      }
      default ->
          throw new StateConflictException(
              "the decision "
                  + id
                  + " is a denial: it grants nothing to revoke; its author may supersede it");
    }
    // Whether it has already ended is checked under the append lock (ApprovalEnd), after a retry
    // with the same Idempotency-Key has been answered with its first receipt.
    ApprovalRevoked event =
        new ApprovalRevoked(
            approvalId, client, plan, caller.subject(), reason, approval.createdAt());
    Statement statement = ChangeRecords.statement(row.changeId(), event, caller);
    Recorded recorded =
        writer.record(
            statement,
            new ApprovalEnd(approvalId, ApprovalEnd.How.REVOKED),
            Optional.ofNullable(idempotencyKey),
            caller,
            new RevocationRequest(id, intake));
    long index = recorded.receipt().index();
    LoggedEvent entry = approvals.at(index);
    if (!(entry.data() instanceof ApprovalRevoked signed)) {
      throw new LedgerIntegrityException("entry " + index + " is not the revocation just recorded");
    }
    RevocationAnswer answer =
        new RevocationAnswer(
            signed.approvalId().toString(),
            signed.revokedBy(),
            signed.revocationReason(),
            signed.originalApprovalDate().toString(),
            entry.createdAt().toString(),
            ChangeStanding.after(records.visible(row.changeId(), caller), index, records::assess),
            ReceiptView.of(recorded.receipt()));
    URI location = URI.create("/api/changes/" + row.changeId());
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(answer)
        : ResponseEntity.created(location).body(answer);
  }
}
