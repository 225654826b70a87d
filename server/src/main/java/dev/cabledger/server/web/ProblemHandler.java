package dev.cabledger.server.web;

import dev.cabledger.core.sign.SigningException;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.changes.NotChangeRequesterException;
import dev.cabledger.server.changes.TemplateMismatchException;
import dev.cabledger.server.decisions.ApproverSignatureRequiredException;
import dev.cabledger.server.events.IdempotencyKeyInFlightException;
import dev.cabledger.server.events.IdempotencyKeyReusedException;
import dev.cabledger.server.events.InvalidEventException;
import dev.cabledger.server.events.InvalidIdempotencyKeyException;
import dev.cabledger.server.keylifecycle.InvalidChallengeException;
import dev.cabledger.server.keylifecycle.NotKeyOwnerException;
import dev.cabledger.server.keylifecycle.ProofOfPossessionException;
import dev.cabledger.server.ledger.AppendOutcomeUnknownException;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LedgerRangeException;
import dev.cabledger.server.ledger.LedgerUnavailableException;
import dev.cabledger.server.ledger.ProjectionRejectedException;
import dev.cabledger.server.reports.ReportStoreUnavailableException;
import dev.cabledger.server.workflow.ApproverKeyNotUsableException;
import dev.cabledger.server.workflow.ApproverSignatureInvalidException;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.PreparedDecisionExpiredException;
import dev.cabledger.server.workflow.PreparedDecisionNotYoursException;
import dev.cabledger.server.workflow.PreparedDecisionUsedException;
import dev.cabledger.server.workflow.SeparationOfDutiesException;
import dev.cabledger.server.workflow.StateConflictException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * The one place where a domain error becomes an RFC 9457 problem: each exception type maps to one
 * problem type. Spring's own request errors (bad parameter types, missing parameters) are handled
 * by the base class, also as problems.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  private static final String BASE = "https://cab-ledger.dev/problems/";

  @ExceptionHandler
  ProblemDetail range(LedgerRangeException e) {
    return e.isBeyondLog()
        ? problem(HttpStatus.NOT_FOUND, "not-in-log", "Not in the log", e.getMessage())
        : problem(
            HttpStatus.BAD_REQUEST, "invalid-range", "Invalid index or range", e.getMessage());
  }

  /** Outside the caller's client scope: 404 like a missing record, so existence does not leak. */
  @ExceptionHandler
  ProblemDetail notVisible(NotVisibleException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail invalidInput(InvalidInputException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "invalid-request",
        "Invalid request",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail conflict(StateConflictException e) {
    return problem(
        HttpStatus.CONFLICT,
        "conflict",
        "Conflicts with the record",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail templateMismatch(TemplateMismatchException e) {
    return problem(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "template-mismatch",
        "No approved template covers the change",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail separationOfDuties(SeparationOfDutiesException e) {
    return problem(
        HttpStatus.FORBIDDEN,
        "separation-of-duties",
        "Separation of duties",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail invalidChallenge(InvalidChallengeException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "invalid-challenge",
        "Invalid challenge",
        e.getMessage()
            + ". Ask for a new one (GET /api/keys/enrolments/challenge) and sign it. Nothing was"
            + " recorded.");
  }

  @ExceptionHandler
  ProblemDetail proofOfPossession(ProofOfPossessionException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "proof-of-possession-failed",
        "Proof of possession failed",
        e.getMessage()
            + ". Sign the challenge's UTF-8 bytes with the private key of publicKey (ML-DSA-65,"
            + " empty context). Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail notKeyOwner(NotKeyOwnerException e) {
    return problem(
        HttpStatus.FORBIDDEN, "not-key-owner", "Not the key's owner", e.getMessage() + ".");
  }

  @ExceptionHandler
  ProblemDetail notChangeRequester(NotChangeRequesterException e) {
    return problem(
        HttpStatus.FORBIDDEN,
        "not-change-requester",
        "Not the change's requester",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail approverSignatureRequired(ApproverSignatureRequiredException e) {
    return problem(
        HttpStatus.FORBIDDEN,
        "approver-signature-required",
        "Approver signature required",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail approverSignatureInvalid(ApproverSignatureInvalidException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "approver-signature-invalid",
        "Approver signature invalid",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail approverKeyNotUsable(ApproverKeyNotUsableException e) {
    return problem(
        HttpStatus.FORBIDDEN,
        "approver-key-not-usable",
        "Approver key not usable",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail preparedDecisionNotYours(PreparedDecisionNotYoursException e) {
    return problem(
        HttpStatus.FORBIDDEN,
        "prepared-decision-not-yours",
        "Prepared by someone else",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail preparedDecisionUsed(PreparedDecisionUsedException e) {
    return problem(
        HttpStatus.CONFLICT,
        "prepared-decision-used",
        "Prepared decision used",
        e.getMessage() + ". Nothing more was recorded.");
  }

  @ExceptionHandler
  ProblemDetail preparedDecisionExpired(PreparedDecisionExpiredException e) {
    return problem(
        HttpStatus.GONE,
        "prepared-decision-expired",
        "Prepared decision expired",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail invalidEvent(InvalidEventException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "invalid-event",
        "Invalid event",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail unavailable(LedgerUnavailableException e) {
    log.warn("ledger unavailable: {}", e.getMessage());
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "ledger-unavailable",
        "Ledger unavailable",
        e.getMessage() + ". Nothing was recorded; retry when the service is healthy.");
  }

  /** The service's key could not sign: nothing was signed, so nothing was appended. */
  @ExceptionHandler
  ProblemDetail signingFailed(SigningException e) {
    log.error("signing failed: {}", e.getMessage());
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "signing-unavailable",
        "Signing unavailable",
        "The service could not sign the record with its key. Nothing was recorded; retry when the"
            + " service is healthy.");
  }

  /** A projection refused the entry; a feature that can explain why maps its own cause first. */
  @ExceptionHandler
  ProblemDetail projectionRejected(ProjectionRejectedException e) {
    log.error("an entry's projection failed", e);
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "ledger-unavailable",
        "Ledger unavailable",
        "The entry could not be indexed. Nothing was recorded; retry when the service is healthy.");
  }

  @ExceptionHandler
  ProblemDetail invalidIdempotencyKey(InvalidIdempotencyKeyException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "invalid-idempotency-key",
        "Invalid Idempotency-Key",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail idempotencyKeyReused(IdempotencyKeyReusedException e) {
    return problem(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "idempotency-key-reused",
        "Idempotency-Key reused",
        e.getMessage() + ". Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail idempotencyKeyInFlight(IdempotencyKeyInFlightException e) {
    return problem(
        HttpStatus.CONFLICT,
        "idempotency-key-in-flight",
        "Request with this Idempotency-Key in progress",
        e.getMessage() + ".");
  }

  /** The append may yet be stored: never "nothing was recorded", and a way to find out. */
  @ExceptionHandler
  ProblemDetail outcomeUnknown(AppendOutcomeUnknownException e) {
    log.warn("append outcome unknown: {}", e.getMessage());
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "append-outcome-unknown",
        "Append outcome unknown",
        e.getMessage()
            + ". The entry may or may not be recorded. Retry with the same Idempotency-Key: you"
            + " get the original receipt if it was recorded, and it is appended once if not.");
  }

  /** The database cannot be reached or answer now; reads and writes alike are worth retrying. */
  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    TransientDataAccessException.class,
    RecoverableDataAccessException.class,
    CannotCreateTransactionException.class
  })
  ProblemDetail storageUnavailable(Exception e) {
    log.warn("storage unavailable: {}", e.toString());
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "storage-unavailable",
        "Storage unavailable",
        "The ledger's database cannot be reached or did not answer in time. Nothing was"
            + " recorded; retry when the service is healthy.");
  }

  /** A report could not be stored: it was not logged, and no report was answered. */
  @ExceptionHandler
  ProblemDetail reportStoreUnavailable(ReportStoreUnavailableException e) {
    log.error("report store unavailable", e);
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "report-store-unavailable",
        "Report store unavailable",
        "The report could not be written to or read from the report store (the data directory's"
            + " reports folder). Nothing was recorded; retry when the service is healthy.");
  }

  @ExceptionHandler
  ProblemDetail integrity(LedgerIntegrityException e) {
    log.error("ledger integrity failure: {}", e.getMessage());
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "ledger-integrity",
        "Ledger integrity failure",
        e.getMessage() + ". Run the ledger check (GET /api/audit/ledger-check).");
  }

  @ExceptionHandler
  ProblemDetail tooLarge(RequestBodyTooLargeException e) {
    return tooLargeProblem(e);
  }

  static ProblemDetail tooLargeProblem(RequestBodyTooLargeException e) {
    return problem(
        HttpStatus.CONTENT_TOO_LARGE,
        "body-too-large",
        "Request body too large",
        e.getMessage() + " (cab.max-request-body). Nothing was recorded.");
  }

  @ExceptionHandler
  ProblemDetail invalidBody(InvalidRequestBodyException e) {
    return invalidJson(e.getMessage());
  }

  /** The body is not the JSON the endpoint takes: say what and where, never which class. */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail =
        e.getCause() instanceof JacksonException j
            ? JsonProblems.describe(j)
            : "the request body is missing or unreadable";
    return handleExceptionInternal(e, invalidJson(detail), headers, status, request);
  }

  private static ProblemDetail invalidJson(String detail) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "invalid-json",
        "Invalid JSON body",
        detail + ". Request bodies are I-JSON (RFC 7493). Nothing was recorded.");
  }

  /** Anything unexpected: a 500 that says nothing of the internals (they go to the log). */
  @ExceptionHandler
  ProblemDetail unexpected(Exception e) {
    log.error("unexpected error", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal",
        "Internal error",
        "The service failed unexpectedly; the error is logged. Nothing partial was recorded.");
  }

  static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create(BASE + type));
    p.setTitle(title);
    return p;
  }
}
