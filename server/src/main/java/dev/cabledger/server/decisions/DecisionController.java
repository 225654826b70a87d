package dev.cabledger.server.decisions;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.WorkflowProperties;
import java.net.URI;
import java.time.Instant;
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
 * {@code POST /api/changes/{id}/decisions}: a CAB approver or security reviewer approves, denies or
 * conditionally approves a change; the answer is the decision as its signed entry states it, where
 * the change stands after it, and the receipt.
 */
@RestController
class DecisionController {
  private final ChangeRecords records;
  private final Decisions decisions;
  private final ApprovalEntries approvals;
  private final WorkflowProperties properties;

  DecisionController(
      ChangeRecords records,
      Decisions decisions,
      ApprovalEntries approvals,
      WorkflowProperties properties) {
    this.records = records;
    this.decisions = decisions;
    this.approvals = approvals;
    this.properties = properties;
  }

  /** What a retry with the same Idempotency-Key must repeat: the change and the body. */
  record DecisionRequest(String changeId, DecisionIntake body) {}

  /**
   * The answer: the decision's members at the top level, the change after it, the receipt.
   *
   * @param decision the decision as its signed entry states it
   * @param change where the change stands with the decision
   * @param receipt where the entry is and the proof that a signed checkpoint covers it
   */
  record DecisionAnswer(
      @JsonUnwrapped ApprovalView decision, ChangeStanding change, ReceiptView receipt) {}

  @PostMapping(
      value = "/api/changes/{id}/decisions",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DecisionAnswer> decide(
      @PathVariable String id,
      @RequestBody DecisionIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    ChangeHistory history = records.visible(id, caller);
    Decision decision =
        intake.decision(
            Instant.now(), properties.approvalValidity(), properties.maxApprovalValidity());
    Recorded recorded =
        decisions.decide(
            history,
            decision,
            caller,
            Optional.ofNullable(idempotencyKey),
            new DecisionRequest(id, intake));
    long index = recorded.receipt().index();
    DecisionAnswer answer =
        new DecisionAnswer(
            ApprovalView.of(approvals.at(index), Optional.empty()),
            ChangeStanding.after(records.visible(id, caller), index, records::assess),
            ReceiptView.of(recorded.receipt()));
    URI location = URI.create("/api/changes/" + id);
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(answer)
        : ResponseEntity.created(location).body(answer);
  }
}
