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
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.SeparationOfDutiesException;
import dev.cabledger.server.workflow.StateConflictException;
import dev.cabledger.server.workflow.WorkflowProperties;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A security reviewer's decision on an exception: who may decide, what its signed {@code
 * EXCEPTION_APPROVED} or {@code EXCEPTION_DENIED} says, its row, and the answer. Both ways of
 * deciding (at once, or prepared and signed by the reviewer's own key) go through here.
 */
@Component
final class ExceptionDecisions {
  private final ChangeRecords records;
  private final JdbcTemplate jdbc;
  private final WorkflowProperties properties;

  ExceptionDecisions(ChangeRecords records, JdbcTemplate jdbc, WorkflowProperties properties) {
    this.records = records;
    this.jdbc = jdbc;
    this.properties = properties;
  }

  /**
   * The statement a decision on the exception would be, checked, made now.
   *
   * @throws NotVisibleException if the caller does not see the exception
   * @throws SeparationOfDutiesException if the caller requested the change or the exception
   * @throws StateConflictException if the exception is for an earlier plan
   */
  Statement statement(UUID exceptionId, DecisionIntake intake, Caller caller) {
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
    if (checked.approves()) {
      return ChangeRecords.statement(
          history.changeId(),
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
              checked.expiresAt()),
          caller);
    }
    return ChangeRecords.statement(
        history.changeId(),
        new ExceptionDenied(
            UUID.randomUUID(),
            exceptionId,
            history.client(),
            request.planHash(),
            caller.subject(),
            ChangeAssessment.SECURITY_REVIEWER,
            checked.justification()),
        caller);
  }

  /**
   * The row of a decision's statement.
   *
   * @throws IllegalArgumentException if it is not a decision on an exception
   */
  static EntryProjection row(Statement statement) {
    String changeId = statement.subjectName();
    Instant at = statement.predicate().createdAt();
    return switch (statement.predicate().data()) {
      case ExceptionApproved a -> DecisionRow.of(changeId, a, at);
      case ExceptionDenied n -> DecisionRow.of(changeId, n, at);
      default ->
          throw new IllegalArgumentException(
              "not a decision on an exception: " + statement.predicate().eventType());
    };
  }

  /** The answer to a recorded decision: it, the exception after it, and the receipt. */
  ResponseEntity<ExceptionController.DecisionAnswer> answer(
      UUID exceptionId, Caller caller, Recorded recorded) {
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
    ExceptionController.DecisionAnswer answer =
        new ExceptionController.DecisionAnswer(decision, view, ReceiptView.of(recorded.receipt()));
    URI location = URI.create("/api/exceptions/" + exceptionId);
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(answer)
        : ResponseEntity.created(location).body(answer);
  }

  /**
   * The change of an exception, assessed now, if the caller sees its client; else the same 404 as a
   * missing exception, naming no change.
   */
  ChangeAssessment assessFor(UUID exceptionId, Caller caller) {
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

  static LoggedEvent requestOf(ChangeHistory history, UUID exceptionId) {
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
}
