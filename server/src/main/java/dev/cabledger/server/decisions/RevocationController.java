package dev.cabledger.server.decisions;

import dev.cabledger.server.access.Caller;
import dev.cabledger.server.workflow.ReceiptView;
import java.net.URI;
import java.util.Optional;
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
  private final Revocations revocations;

  RevocationController(Revocations revocations) {
    this.revocations = revocations;
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
    Revocations.Revoked revoked =
        revocations.revoke(id, intake, Optional.ofNullable(idempotencyKey), caller);
    URI location = URI.create("/api/changes/" + revoked.changeId());
    return revoked.replayed()
        ? ResponseEntity.ok().location(location).body(revoked.answer())
        : ResponseEntity.created(location).body(revoked.answer());
  }
}
