package dev.cabledger.server.exceptions;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.ProjectionRejectedException;
import dev.cabledger.server.workflow.ApproverCosignature;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.PreparedProjection;
import dev.cabledger.server.workflow.PreparedStatements;
import java.net.URI;
import java.util.Base64;
import java.util.List;
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
 * A security reviewer's decision on an exception signed by their own approver key, in two steps as
 * a change's (docs/workflow.md, "Signed decisions"): {@code
 * /api/exceptions/{id}/decisions/prepare}, then {@code
 * /api/exceptions/{id}/decisions/{preparedId}/sign}.
 */
@RestController
class SignedExceptionDecisionController {
  private final ExceptionDecisions decisions;
  private final PreparedStatements preparations;
  private final ApproverCosignature cosignature;
  private final ChangeWriter writer;

  SignedExceptionDecisionController(
      ExceptionDecisions decisions,
      PreparedStatements preparations,
      ApproverCosignature cosignature,
      ChangeWriter writer) {
    this.decisions = decisions;
    this.preparations = preparations;
    this.cosignature = cosignature;
    this.writer = writer;
  }

  /**
   * What the reviewer is asked to sign, in words (the payload itself is the statement).
   *
   * @param exceptionId the exception
   * @param changeId its change
   * @param client the change's client
   * @param planHash the plan the exception is for
   * @param exceptionType its type
   * @param decision approve or deny
   * @param justification why
   * @param compensatingControls an approval's controls
   * @param expiresAt when an approval stops counting; none for a denial
   */
  record Summary(
      String exceptionId,
      String changeId,
      String client,
      String planHash,
      String exceptionType,
      String decision,
      String justification,
      List<String> compensatingControls,
      Optional<String> expiresAt) {}

  /**
   * A preparation, as a change decision's.
   *
   * @param preparedId what to sign it under
   * @param payloadType the DSSE payload type
   * @param payload the statement's RFC 8785 bytes, base64
   * @param summary what it says
   * @param expiresAt the last moment it may be signed
   */
  record PreparedAnswer(
      String preparedId, String payloadType, String payload, Summary summary, String expiresAt) {}

  /**
   * The body of a signature.
   *
   * @param keyid the caller's approver key
   * @param sig its ML-DSA-65 signature over the DSSE PAE of the prepared payload, base64
   */
  record SignRequest(@Nullable String keyid, @Nullable String sig) {}

  /** What a retry with the same Idempotency-Key must repeat: the ids and the signature. */
  record SignedRequest(String exceptionId, String preparedId, SignRequest body) {}

  @PostMapping(
      value = "/api/exceptions/{id}/decisions/prepare",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<PreparedAnswer> prepare(
      @PathVariable String id,
      @RequestBody DecisionIntake intake,
      @AuthenticationPrincipal Caller caller) {
    UUID exceptionId = ExceptionWords.exceptionId(id);
    Statement statement = decisions.statement(exceptionId, intake, caller);
    PreparedStatements.Prepared kept = preparations.keep(statement, caller.subject());
    String type =
        ((ExceptionRequested)
                ExceptionDecisions.requestOf(
                        decisions.assessFor(exceptionId, caller).history(), exceptionId)
                    .data())
            .exceptionType()
            .json();
    Summary summary =
        switch (statement.predicate().data()) {
          case ExceptionApproved a ->
              new Summary(
                  exceptionId.toString(),
                  statement.subjectName(),
                  a.client().value(),
                  a.planHash().hex(),
                  type,
                  "approve",
                  a.justification(),
                  a.compensatingControls(),
                  a.expiryDate().map(Object::toString));
          case ExceptionDenied n ->
              new Summary(
                  exceptionId.toString(),
                  statement.subjectName(),
                  n.client().value(),
                  n.planHash().hex(),
                  type,
                  "deny",
                  n.justification(),
                  List.of(),
                  Optional.empty());
          default -> throw new IllegalStateException("not a decision on an exception");
        };
    return ResponseEntity.created(
            URI.create(
                "/api/exceptions/" + exceptionId + "/decisions/" + kept.preparedId() + "/sign"))
        .body(
            new PreparedAnswer(
                kept.preparedId().toString(),
                Envelope.IN_TOTO_PAYLOAD_TYPE,
                Base64.getEncoder().encodeToString(statement.canonicalBytes()),
                summary,
                kept.expiresAt().toString()));
  }

  @PostMapping(
      value = "/api/exceptions/{id}/decisions/{preparedId}/sign",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ExceptionController.DecisionAnswer> sign(
      @PathVariable String id,
      @PathVariable String preparedId,
      @RequestBody SignRequest body,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    UUID exceptionId = ExceptionWords.exceptionId(id);
    String changeId = decisions.assessFor(exceptionId, caller).history().changeId();
    UUID prepared = preparedId(preparedId);
    PreparedStatements.Prepared kept =
        preparations.signable(prepared, changeId, caller.subject(), idempotencyKey != null);
    Statement statement = kept.statement();
    boolean ofThisException =
        switch (statement.predicate().data()) {
          case ExceptionApproved a -> a.exceptionId().equals(exceptionId);
          case ExceptionDenied n -> n.exceptionId().equals(exceptionId);
          default -> false;
        };
    if (!ofThisException) {
      throw new NotVisibleException(
          "no prepared decision " + prepared + " of exception " + exceptionId);
    }
    EnvelopeSignature signature = cosignature.checked(body.keyid(), body.sig(), caller, statement);
    Recorded recorded;
    try {
      recorded =
          writer.recordCosigned(
              statement,
              signature,
              new PreparedProjection(
                  preparations.use(prepared, caller.subject()), ExceptionDecisions.row(statement)),
              Optional.ofNullable(idempotencyKey),
              caller,
              new SignedRequest(id, preparedId, body));
    } catch (ProjectionRejectedException e) {
      throw PreparedStatements.refusal(e);
    }
    return decisions.answer(exceptionId, caller, recorded);
  }

  private static UUID preparedId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new NotVisibleException("no prepared decision " + text);
    }
  }
}
