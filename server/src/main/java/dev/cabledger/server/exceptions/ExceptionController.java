package dev.cabledger.server.exceptions;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.SeparationOfDutiesException;
import dev.cabledger.server.workflow.StateConflictException;
import dev.cabledger.server.workflow.WorkflowProperties;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
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
  private final JdbcTemplate jdbc;
  private final WorkflowProperties properties;

  ExceptionController(
      ChangeRecords records,
      ChangeWriter writer,
      JdbcTemplate jdbc,
      WorkflowProperties properties) {
    this.records = records;
    this.writer = writer;
    this.jdbc = jdbc;
    this.properties = properties;
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
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    DecisionIntake.Checked checked =
        intake.checked(now, properties.approvalValidity(), properties.maxApprovalValidity());
    ChangeHistory history = assessFor(exceptionId, caller).history();
    LoggedEvent requestEntry = requestOf(history, exceptionId);
    ExceptionRequested request = (ExceptionRequested) requestEntry.data();
    // The policy never counts these decisions; refuse them rather than sign what cannot count.
    if (caller.subject().equals(history.requester().subject())) {
      throw new SeparationOfDutiesException(
          "you requested change " + history.changeId() + "; its exceptions are decided by others");
    }
    if (caller.subject().equals(requestEntry.actor().subject())) {
      throw new SeparationOfDutiesException(
          "you requested exception " + exceptionId + "; it is decided by another reviewer");
    }
    if (!request.planHash().equals(history.planHash())) {
      throw new StateConflictException(
          "exception "
              + exceptionId
              + " is for plan "
              + request.planHash().hex()
              + ", but change "
              + history.changeId()
              + " has a new plan "
              + history.planHash().hex()
              + "; request an exception for the current plan");
    }
    Statement statement;
    EntryProjection row;
    if (checked.approves()) {
      ExceptionApproved a =
          new ExceptionApproved(
              UUID.randomUUID(),
              exceptionId,
              history.client(),
              request.planHash(),
              caller.subject(),
              ChangeAssessment.SECURITY_REVIEWER,
              request.exceptionType(),
              checked.controls(),
              checked.justification(),
              checked.expiresAt());
      statement = ChangeRecords.statement(history.changeId(), a, caller);
      row = DecisionRow.of(history.changeId(), a, statement.predicate().createdAt());
    } else {
      ExceptionDenied n =
          new ExceptionDenied(
              UUID.randomUUID(),
              exceptionId,
              history.client(),
              request.planHash(),
              caller.subject(),
              ChangeAssessment.SECURITY_REVIEWER,
              checked.justification());
      statement = ChangeRecords.statement(history.changeId(), n, caller);
      row = DecisionRow.of(history.changeId(), n, statement.predicate().createdAt());
    }
    Recorded recorded =
        writer.record(statement, row, Optional.ofNullable(idempotencyKey), caller, intake);
    long index = recorded.receipt().index();
    ChangeAssessment after = assessFor(exceptionId, caller);
    ExceptionView view = ExceptionView.of(after, requestOf(after.history(), exceptionId));
    ExceptionView.DecisionView decision =
        view.decisions().stream()
            .filter(d -> d.entryIndex() == index)
            .findFirst()
            .orElseThrow(
                () ->
                    new StateConflictException(
                        "the Idempotency-Key was first used for another request; use a new key"));
    DecisionAnswer answer = new DecisionAnswer(decision, view, ReceiptView.of(recorded.receipt()));
    URI location = URI.create("/api/exceptions/" + exceptionId);
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(answer)
        : ResponseEntity.created(location).body(answer);
  }

  @GetMapping(value = "/api/exceptions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  ExceptionView exception(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
    UUID exceptionId = ExceptionWords.exceptionId(id);
    ChangeAssessment assessment = assessFor(exceptionId, caller);
    return ExceptionView.of(assessment, requestOf(assessment.history(), exceptionId));
  }

  /**
   * The change of an exception, assessed now, if the caller sees its client; else the same 404 as a
   * missing exception, naming no change.
   */
  private ChangeAssessment assessFor(UUID exceptionId, Caller caller) {
    List<String> ids =
        jdbc.queryForList(
            "SELECT change_id FROM change_exception WHERE exception_id = ?",
            String.class,
            exceptionId.toString());
    ChangeHistory history =
        ids.stream()
            .findFirst()
            .flatMap(records::find)
            .filter(h -> caller.sees(h.client().value()))
            .orElseThrow(() -> new NotVisibleException("no exception " + exceptionId));
    return records.assess(history, Instant.now());
  }

  private static LoggedEvent requestOf(ChangeHistory history, UUID exceptionId) {
    return history.events().stream()
        .filter(
            e -> e.data() instanceof ExceptionRequested r && r.exceptionId().equals(exceptionId))
        .findFirst()
        .orElseThrow(
            () ->
                new LedgerIntegrityException(
                    "exception "
                        + exceptionId
                        + " is indexed for change "
                        + history.changeId()
                        + " but no entry of that change requests it"));
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
