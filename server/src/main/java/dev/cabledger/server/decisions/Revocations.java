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
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A platform admin's revocation of an approval, for {@code POST /api/approvals/{id}/revoke} and the
 * console's revocations page alike, so that both take one path to the log.
 */
@Component
final class Revocations {
  private final ApprovalEntries approvals;
  private final ChangeRecords records;
  private final ChangeWriter writer;

  Revocations(ApprovalEntries approvals, ChangeRecords records, ChangeWriter writer) {
    this.approvals = approvals;
    this.records = records;
    this.writer = writer;
  }

  /**
   * A revocation recorded.
   *
   * @param answer the revocation as its signed entry states it
   * @param changeId the change of the approval
   * @param replayed whether the Idempotency-Key answered an earlier revocation
   */
  record Revoked(RevocationController.RevocationAnswer answer, String changeId, boolean replayed) {}

  /**
   * Revokes the approval {@code id}.
   *
   * @throws NotVisibleException if there is no such approval within the caller's scope
   * @throws dev.cabledger.server.workflow.InvalidInputException for a malformed id or a missing
   *     reason
   * @throws StateConflictException for a denial, or an approval that has ended
   */
  Revoked revoke(
      String id,
      RevocationController.RevocationIntake intake,
      Optional<String> idempotencyKey,
      Caller caller) {
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
            idempotencyKey,
            caller,
            new RevocationController.RevocationRequest(id, intake));
    long index = recorded.receipt().index();
    LoggedEvent entry = approvals.at(index);
    if (!(entry.data() instanceof ApprovalRevoked signed)) {
      throw new LedgerIntegrityException("entry " + index + " is not the revocation just recorded");
    }
    RevocationController.RevocationAnswer answer =
        new RevocationController.RevocationAnswer(
            signed.approvalId().toString(),
            signed.revokedBy(),
            signed.revocationReason(),
            signed.originalApprovalDate().toString(),
            entry.createdAt().toString(),
            ChangeStanding.after(records.visible(row.changeId(), caller), index, records::assess),
            ReceiptView.of(recorded.receipt()));
    return new Revoked(answer, row.changeId(), recorded.replayed());
  }
}
