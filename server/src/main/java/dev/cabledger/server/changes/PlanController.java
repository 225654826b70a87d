package dev.cabledger.server.changes;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ChangeReplanned;
import dev.cabledger.core.event.ChangeType;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.GateAnswer;
import dev.cabledger.core.policy.Reason;
import dev.cabledger.core.policy.Templates;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.workflow.AppliedTargets;
import dev.cabledger.server.workflow.ApprovedTemplates;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.DeclaredFreezes;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.StateConflictException;
import dev.cabledger.server.workflow.WorkflowProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
 * {@code POST /api/changes/{id}/plans} and {@code …/applied}: the pipeline records a new plan for a
 * change ({@code CHANGE_REPLANNED}, which voids every earlier approval), and that it applied the
 * current plan ({@code CHANGE_APPLIED}, which makes other changes for the same target stale).
 */
@RestController
class PlanController {
  private final ChangeRecords records;
  private final ChangeWriter writer;
  private final DeclaredFreezes freezes;
  private final AppliedTargets applies;
  private final ApprovedTemplates templates;
  private final Duration reviewPeriod;

  PlanController(
      ChangeRecords records,
      ChangeWriter writer,
      DeclaredFreezes freezes,
      AppliedTargets applies,
      ApprovedTemplates templates,
      WorkflowProperties properties) {
    this.records = records;
    this.writer = writer;
    this.freezes = freezes;
    this.applies = applies;
    this.templates = templates;
    this.reviewPeriod = properties.emergencyReviewPeriod();
  }

  /** What a retry with the same Idempotency-Key must repeat: the change and the body. */
  record PlanRequest(String changeId, String what, PlanIntake body) {}

  @PostMapping(
      value = "/api/changes/{id}/plans",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ChangeView> replan(
      @PathVariable String id,
      @RequestBody PlanIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    ChangeHistory history = records.visible(id, caller);
    Digest plan = intake.plan();
    refuseOthers(history, caller);
    ChangeReplanned event =
        new ChangeReplanned(
            history.client(),
            plan,
            history.planHash(),
            intake.newModule().or(history::module),
            intake.summary());
    // Applied or already current: checked under the append lock (PlanCheck), after a retry with
    // the same Idempotency-Key has been answered with its first receipt.
    return recorded(
        id,
        event,
        new PlanCheck(id, plan, PlanCheck.Kind.REPLAN),
        idempotencyKey,
        caller,
        new PlanRequest(id, "plans", intake));
  }

  @PostMapping(
      value = "/api/changes/{id}/applied",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ChangeView> applied(
      @PathVariable String id,
      @RequestBody PlanIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    ChangeHistory history = records.visible(id, caller);
    Digest plan = intake.plan();
    String environment = intake.appliedTo();
    if (history.planHash().equals(plan)) {
      refuseUnapproved(history, plan, environment);
    }
    // Not the current plan, or already applied: refused by PlanCheck under the append lock.
    ChangeApplied event = new ChangeApplied(history.client(), plan, environment, history.module());
    return recorded(
        id,
        event,
        new PlanCheck(id, plan, PlanCheck.Kind.APPLY),
        idempotencyKey,
        caller,
        new PlanRequest(id, "applied", intake));
  }

  /**
   * A new plan voids every approval of the change, so another pipeline of the same client must not
   * be able to swap the plan under it: only its requester, or a platform admin, re-plans it.
   */
  private static void refuseOthers(ChangeHistory history, Caller caller) {
    String requester = history.requester().subject();
    if (!caller.subject().equals(requester) && !caller.roles().contains(Role.PLATFORM_ADMIN)) {
      throw new NotChangeRequesterException(
          "change "
              + history.changeId()
              + " was submitted by "
              + requester
              + "; only its requester or a PLATFORM_ADMIN may record a new plan for it");
    }
  }

  /**
   * Refuses to record an apply the gate would not have allowed now: an apply is a fact, but one the
   * record should not show as fine (docs/workflow.md, "Applies"). The answer is not logged: the
   * pipeline asks the gate before applying, and that answer is.
   */
  private void refuseUnapproved(ChangeHistory history, Digest plan, String environment) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    GateAnswer answer =
        records
            .assess(history, now)
            .gate(
                plan,
                environment,
                List.of(),
                freezes.of(history.client(), now),
                applies.of(history, environment),
                history.submitted().changeType() == ChangeType.STANDARD
                    ? templates.of(history.client())
                    : Templates.NONE);
    if (answer.verdict() != GateVerdict.APPROVED) {
      throw new StateConflictException(
          "change "
              + history.changeId()
              + " may not be applied to "
              + environment
              + ": the gate blocks it ("
              + String.join("; ", answer.reasons().stream().map(Reason::toString).toList())
              + ")");
    }
  }

  private ResponseEntity<ChangeView> recorded(
      String id,
      EventData.OfChange event,
      PlanCheck check,
      @Nullable String idempotencyKey,
      Caller caller,
      PlanRequest body) {
    Recorded recorded =
        writer.record(
            ChangeRecords.statement(id, event, caller),
            check,
            Optional.ofNullable(idempotencyKey),
            caller,
            body);
    ChangeView view =
        ChangeView.of(records.assess(records.visible(id, caller), Instant.now()), reviewPeriod)
            .withReceipt(ReceiptView.of(recorded.receipt()));
    URI location = URI.create("/api/changes/" + id);
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(view)
        : ResponseEntity.created(location).body(view);
  }
}
