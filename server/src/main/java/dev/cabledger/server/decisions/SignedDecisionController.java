package dev.cabledger.server.decisions;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.ProjectionRejectedException;
import dev.cabledger.server.workflow.ApproverCosignature;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.PreparedStatements;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.WorkflowProperties;
import java.net.URI;
import java.time.Instant;
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
 * Decisions signed by the approver's own key, in two steps (docs/workflow.md, "Signed decisions"):
 * {@code POST /api/changes/{id}/decisions/prepare} builds and keeps the exact statement a decision
 * would be; {@code POST /api/changes/{id}/decisions/{preparedId}/sign} takes the caller's DSSE
 * signature over it, checks it against the caller's active approver key, and appends the very same
 * statement with that signature and the service's.
 *
 * <p>The console's change page calls the same two steps under {@code /console/api/...}: there the
 * console's filter chain admits the signed-in session with its CSRF header (a session is no API
 * credential, a bearer token opens no console route), and the requests take this one code path.
 */
@RestController
class SignedDecisionController {
  /** Where the console's session-authenticated copies of the endpoints live. */
  static final String CONSOLE = "/console";

  private final ChangeRecords records;
  private final Decisions decisions;
  private final PreparedStatements preparations;
  private final ApproverCosignature cosignature;
  private final ApprovalEntries approvals;
  private final WorkflowProperties properties;

  SignedDecisionController(
      ChangeRecords records,
      Decisions decisions,
      PreparedStatements preparations,
      ApproverCosignature cosignature,
      ApprovalEntries approvals,
      WorkflowProperties properties) {
    this.records = records;
    this.decisions = decisions;
    this.preparations = preparations;
    this.cosignature = cosignature;
    this.approvals = approvals;
    this.properties = properties;
  }

  /**
   * What the approver is asked to sign, in words (the payload itself is the statement).
   *
   * @param changeId the change
   * @param title its title, if it has one
   * @param client its client
   * @param environment the environment it targets, if it names one
   * @param planHash SHA-256 of the plan decided on
   * @param riskLevel its risk, if assessed
   * @param decision approve, deny or conditional
   * @param justification why
   * @param conditions a conditional approval's conditions
   * @param expiresAt when an approval stops counting; none for a denial
   */
  record Summary(
      String changeId,
      Optional<String> title,
      String client,
      Optional<String> environment,
      String planHash,
      Optional<String> riskLevel,
      String decision,
      String justification,
      List<String> conditions,
      Optional<String> expiresAt) {}

  /**
   * A preparation.
   *
   * @param preparedId what to sign it under
   * @param payloadType the DSSE payload type
   * @param payload the statement's RFC 8785 bytes, base64: the DSSE payload; sign PAE(payloadType,
   *     payload) with ML-DSA-65 and an empty context
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
  record SignedRequest(String changeId, String preparedId, SignRequest body) {}

  @PostMapping(
      value = {
        "/api/changes/{id}/decisions/prepare",
        CONSOLE + "/api/changes/{id}/decisions/prepare"
      },
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<PreparedAnswer> prepare(
      @PathVariable String id,
      @RequestBody DecisionIntake intake,
      @AuthenticationPrincipal Caller caller) {
    ChangeHistory history = records.visible(id, caller);
    Decision decision =
        intake.decision(
            Instant.now(), properties.approvalValidity(), properties.maxApprovalValidity());
    Statement statement = decisions.statement(history, decision, caller);
    PreparedStatements.Prepared kept = preparations.keep(statement, caller.subject());
    byte[] payload = statement.canonicalBytes();
    Summary summary =
        new Summary(
            id,
            history.submitted().title(),
            history.client().value(),
            history.environment(),
            statement.subjectDigest().hex(),
            history.submitted().risk().map(Risk::json),
            decision.verdict().json(),
            decision.justification(),
            decision.conditions(),
            expiry(statement));
    return ResponseEntity.created(
            URI.create("/api/changes/" + id + "/decisions/" + kept.preparedId() + "/sign"))
        .body(
            new PreparedAnswer(
                kept.preparedId().toString(),
                Envelope.IN_TOTO_PAYLOAD_TYPE,
                Base64.getEncoder().encodeToString(payload),
                summary,
                kept.expiresAt().toString()));
  }

  @PostMapping(
      value = {
        "/api/changes/{id}/decisions/{preparedId}/sign",
        CONSOLE + "/api/changes/{id}/decisions/{preparedId}/sign"
      },
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DecisionController.DecisionAnswer> sign(
      @PathVariable String id,
      @PathVariable String preparedId,
      @RequestBody SignRequest body,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    records.visible(id, caller);
    UUID prepared = Members.uuid(preparedId, "preparedId").orElseThrow();
    PreparedStatements.Prepared kept =
        preparations.signable(prepared, id, caller.subject(), idempotencyKey != null);
    Statement statement = kept.statement();
    EnvelopeSignature signature = cosignature.checked(body.keyid(), body.sig(), caller, statement);
    Recorded recorded;
    try {
      recorded =
          decisions.recordSigned(
              statement,
              signature,
              preparations.use(prepared, caller.subject()),
              caller,
              Optional.ofNullable(idempotencyKey),
              new SignedRequest(id, preparedId, body));
    } catch (ProjectionRejectedException e) {
      throw PreparedStatements.refusal(e);
    }
    long index = recorded.receipt().index();
    DecisionController.DecisionAnswer answer =
        new DecisionController.DecisionAnswer(
            ApprovalView.of(approvals.at(index), Optional.empty()),
            ChangeStanding.after(records.visible(id, caller), index, records::assess),
            ReceiptView.of(recorded.receipt()));
    URI location = URI.create("/api/changes/" + id);
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(answer)
        : ResponseEntity.created(location).body(answer);
  }

  private static Optional<String> expiry(Statement statement) {
    return switch (statement.predicate().data()) {
      case CabApproved a -> a.expiryDate().map(Object::toString);
      case CabRejected r -> Optional.empty();
      default -> Optional.empty();
    };
  }
}
