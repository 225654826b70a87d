package dev.cabledger.server.emergencies;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.ChangeType;
import dev.cabledger.core.event.EmergencyApproved;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.CurrentPlanCheck;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.SeparationOfDutiesException;
import dev.cabledger.server.workflow.StateConflictException;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
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
 * {@code POST /api/changes/{id}/emergency-approval}: one platform admin or CAB approver who is not
 * the requester approves an emergency change's current plan (break-glass, {@code
 * EMERGENCY_APPROVED}).
 */
@RestController
class EmergencyController {
  private static final Pattern PLAN_HASH = Pattern.compile("[0-9a-f]{64}");

  private final ChangeRecords records;
  private final ChangeWriter writer;

  EmergencyController(ChangeRecords records, ChangeWriter writer) {
    this.records = records;
    this.writer = writer;
  }

  /**
   * The body.
   *
   * @param planHash the plan approved: the change's current one (required)
   */
  record ApprovalIntake(@Nullable String planHash) {}

  /** What a retry with the same Idempotency-Key must repeat: the change and the body. */
  record ApprovalRequest(String changeId, ApprovalIntake body) {}

  /**
   * An emergency approval as its signed entry states it.
   *
   * @param change the change approved
   * @param client its client
   * @param planHash the plan approved
   * @param approver who approved
   * @param approverRole the role approved in
   * @param emergencyReason why the change could not wait, as its submission states it
   * @param approvedAt when (the entry's {@code created_at})
   * @param entryIndex the {@code EMERGENCY_APPROVED} entry
   * @param status where the change stands now
   * @param receipt where the entry is
   */
  record EmergencyApprovalView(
      String change,
      String client,
      String planHash,
      String approver,
      String approverRole,
      String emergencyReason,
      String approvedAt,
      long entryIndex,
      String status,
      ReceiptView receipt) {}

  @PostMapping(
      value = "/api/changes/{id}/emergency-approval",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<EmergencyApprovalView> approve(
      @PathVariable String id,
      @RequestBody ApprovalIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    ChangeHistory history = records.visible(id, caller);
    if (intake.planHash() == null || !PLAN_HASH.matcher(intake.planHash()).matches()) {
      throw new InvalidInputException(
          "planHash is required: the SHA-256 of the plan approved, as 64 lower-case hex digits");
    }
    if (history.submitted().changeType() != ChangeType.EMERGENCY) {
      throw new StateConflictException(
          "change "
              + id
              + " is a "
              + history.submitted().changeType().json()
              + " change; only an emergency change is approved by one person");
    }
    // The policy would never count it (ChangeTypeRule): refused before anything is signed.
    if (history.requester().subject().equals(caller.subject())) {
      throw new SeparationOfDutiesException(
          caller.subject() + " requested change " + id + " and may not approve it");
    }
    // An admin approves as one; a CAB approver as the CAB (AccessTable lets only these two in).
    String role =
        caller.roles().contains(Role.PLATFORM_ADMIN)
            ? ChangeAssessment.PLATFORM_ADMIN
            : ChangeAssessment.CAB_APPROVER;
    Digest plan = Digest.fromHex(intake.planHash());
    EmergencyApproved event = new EmergencyApproved(history.client(), plan, caller.subject(), role);
    Recorded recorded =
        writer.record(
            ChangeRecords.statement(id, event, caller),
            new CurrentPlanCheck(id, plan, "an emergency approval"),
            Optional.ofNullable(idempotencyKey),
            caller,
            new ApprovalRequest(id, intake));
    long index = recorded.receipt().index();
    ChangeHistory after = records.visible(id, caller);
    LoggedEvent entry =
        after.events().stream()
            .filter(e -> e.index() == index)
            .findFirst()
            .orElseThrow(
                () ->
                    new LedgerIntegrityException(
                        "entry " + index + " is not the emergency approval"));
    if (!(entry.data() instanceof EmergencyApproved approved)) {
      throw new LedgerIntegrityException("entry " + index + " is not an emergency approval");
    }
    EmergencyApprovalView view =
        new EmergencyApprovalView(
            id,
            approved.client().value(),
            approved.planHash().hex(),
            approved.approver(),
            approved.approverRole(),
            after.submitted().emergencyReason().orElse(""),
            entry.createdAt().toString(),
            index,
            records.assess(after, Instant.now()).status().json(),
            ReceiptView.of(recorded.receipt()));
    URI location = URI.create("/api/changes/" + id);
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(view)
        : ResponseEntity.created(location).body(view);
  }
}
