package dev.cabledger.server.exceptions;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.StateConflictException;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
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

/**
 * {@code /api/exceptions}: a pipeline asks for a security exception on a change; a security
 * reviewer approves or denies it; anyone in the client's scope reads it.
 */
@RestController
class ExceptionController {
  private final ChangeRecords records;
  private final ChangeWriter writer;
  private final ExceptionDecisions decisions;

  ExceptionController(ChangeRecords records, ChangeWriter writer, ExceptionDecisions decisions) {
    this.records = records;
    this.writer = writer;
    this.decisions = decisions;
  }

  /**
   * The answer to a decision: the decision as its entry states it, the exception after it, and the
   * receipt.
   */
  record DecisionAnswer(
      ExceptionView.DecisionView decision, ExceptionView exception, ReceiptView receipt) {}

  @PostMapping(
      value = "/api/exceptions",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ExceptionView> request(
      @RequestBody ExceptionIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    ExceptionIntake.Checked checked = intake.checked();
    ChangeHistory history = records.visible(checked.changeId(), caller);
    ExceptionRequested event =
        new ExceptionRequested(
            UUID.randomUUID(),
            history.client(),
            history.planHash(),
            checked.type(),
            checked.reason(),
            checked.controls());
    Statement statement = ChangeRecords.statement(history.changeId(), event, caller);
    Recorded recorded =
        writer.record(
            statement,
            new RequestRow(history.changeId(), event),
            Optional.ofNullable(idempotencyKey),
            caller,
            intake);
    // A replay answers the entry the first request appended, with its own exception id.
    long index = recorded.receipt().index();
    ChangeAssessment after =
        records.assess(records.visible(records.changeIdAt(index), caller), Instant.now());
    LoggedEvent entry = entryAt(after.history(), index);
    if (!(entry.data() instanceof ExceptionRequested requested)) {
      throw new StateConflictException(
          "the Idempotency-Key was first used for another kind of request; use a new key");
    }
    ExceptionView view =
        ExceptionView.of(after, entry).withReceipt(ReceiptView.of(recorded.receipt()));
    URI location = URI.create("/api/exceptions/" + requested.exceptionId());
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(view)
        : ResponseEntity.created(location).body(view);
  }

  @PostMapping(
      value = "/api/exceptions/{id}/decisions",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DecisionAnswer> decide(
      @PathVariable String id,
      @RequestBody DecisionIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    UUID exceptionId = ExceptionWords.exceptionId(id);
    Statement statement = decisions.statement(exceptionId, intake, caller);
    Recorded recorded =
        writer.record(
            statement,
            ExceptionDecisions.row(statement),
            Optional.ofNullable(idempotencyKey),
            caller,
            intake);
    return decisions.answer(exceptionId, caller, recorded);
  }

  @GetMapping(value = "/api/exceptions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  ExceptionView exception(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
    UUID exceptionId = ExceptionWords.exceptionId(id);
    ChangeAssessment assessment = decisions.assessFor(exceptionId, caller);
    return ExceptionView.of(
        assessment, ExceptionDecisions.requestOf(assessment.history(), exceptionId));
  }

  private static LoggedEvent entryAt(ChangeHistory history, long index) {
    return history.events().stream()
        .filter(e -> e.index() == index)
        .findFirst()
        .orElseThrow(
            () ->
                new LedgerIntegrityException("entry " + index + " is not in its change's history"));
  }
}
