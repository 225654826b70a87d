package dev.cabledger.server.keylifecycle;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.KeyEnrolmentRequested;
import dev.cabledger.core.event.SubjectPublicKeyInfo;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaVerifier;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.ProjectionRejectedException;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.ReceiptView;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enrolment of approver-held keys (docs/workflow.md, "Approver keys"): a principal who decides asks
 * for a challenge, signs it with its own ML-DSA-65 key and submits the public key with that proof
 * of possession (KEY_ENROLMENT_REQUESTED); a platform admin other than the owner approves it
 * (KEY_REGISTERED, purpose {@code approver}, valid for {@code cab.approver-keys.validity}).
 */
@RestController
class EnrolmentController {
  private final Challenges challenges;
  private final Enrolments enrolments;
  private final ChangeWriter writer;
  private final EnrolmentApproval approval;
  private final Clock clock = Clock.systemUTC();

  EnrolmentController(
      Challenges challenges,
      Enrolments enrolments,
      ChangeWriter writer,
      EnrolmentApproval approval) {
    this.challenges = challenges;
    this.enrolments = enrolments;
    this.writer = writer;
    this.approval = approval;
  }

  /**
   * A challenge to sign.
   *
   * @param challenge sign its UTF-8 bytes with ML-DSA-65 (pure, empty context)
   * @param expiresAt the last moment the answer is taken
   */
  record ChallengeView(String challenge, String expiresAt) {}

  // The console's key page calls the same endpoints under /console/api with its session and CSRF
  // header (docs/console.md, "Enrolling it"): one code path, the console's filter chain.
  @GetMapping(
      value = {"/api/keys/enrolments/challenge", "/console/api/keys/enrolments/challenge"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ChallengeView> challenge(@AuthenticationPrincipal Caller caller) {
    Challenges.Challenge c = challenges.issue(caller.subject());
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(new ChallengeView(c.text(), c.expiresAt().toString()));
  }

  /**
   * The body of an enrolment request.
   *
   * @param publicKey the key, base64 X.509 SubjectPublicKeyInfo DER
   * @param challenge the challenge as {@code GET /api/keys/enrolments/challenge} gave it
   * @param signature base64 ML-DSA-65 signature of the challenge's UTF-8 bytes by that key
   */
  record EnrolmentIntake(
      @Nullable String publicKey, @Nullable String challenge, @Nullable String signature) {}

  /**
   * An enrolment and the entry's receipt.
   *
   * @param enrolment the enrolment as its signed entries state it
   * @param receipt where the entry is and the proof that a signed checkpoint covers it
   */
  record EnrolmentAnswer(Enrolments.View enrolment, ReceiptView receipt) {}

  @PostMapping(
      value = {"/api/keys/enrolments", "/console/api/keys/enrolments"},
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<EnrolmentAnswer> enrol(
      @RequestBody EnrolmentIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    byte[] spki = base64(intake.publicKey(), "publicKey", "the key's SubjectPublicKeyInfo DER");
    String challenge = required(intake.challenge(), "challenge");
    byte[] signature = base64(intake.signature(), "signature", "the signature of the challenge");
    MlDsaVerifier key;
    try {
      key = new MlDsaVerifier(MlDsa65.publicKeyFromSpki(spki));
    } catch (VerificationException e) {
      throw new InvalidInputException(
          "publicKey is not an ML-DSA-65 SubjectPublicKeyInfo: " + e.getMessage());
    }
    KeyId keyId = KeyId.forMlDsa65(spki);
    try {
      key.verify(challenge.getBytes(StandardCharsets.UTF_8), signature);
    } catch (VerificationException e) {
      throw new ProofOfPossessionException(
          "the signature does not verify with key "
              + keyId
              + " over the challenge, so it does not prove possession of the key: "
              + e.getMessage());
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    KeyEnrolmentRequested request =
        new KeyEnrolmentRequested(
            UUID.randomUUID(),
            keyId,
            RegisteredKey.ML_DSA_65,
            new SubjectPublicKeyInfo(spki),
            caller.subject());
    Statement statement = KeyStatements.of(spki, request, caller, now);
    EnrolmentRows.Row row = EnrolmentRows.of(statement).orElseThrow();
    Recorded recorded =
        record(
            statement,
            new EnrolmentProjection(row, challenge, challenges),
            idempotencyKey,
            caller,
            intake);
    return answer(recorded, enrolments.atEntry(recorded.receipt().index()));
  }

  private static final List<String> STATUSES = List.of("requested", "registered", "rejected");

  /**
   * The enrolments; {@code status} selects {@code requested}, {@code registered} or {@code
   * rejected} ones.
   */
  record EnrolmentList(List<Enrolments.View> enrolments) {}

  @GetMapping(value = "/api/keys/enrolments", produces = MediaType.APPLICATION_JSON_VALUE)
  EnrolmentList list(@RequestParam(required = false) @Nullable String status) {
    if (status != null && !STATUSES.contains(status)) {
      throw new InvalidInputException(
          "status is requested, registered or rejected, not \"" + status + "\"");
    }
    return new EnrolmentList(
        enrolments.all().stream()
            .filter(e -> status == null || e.status().equals(status))
            .toList());
  }

  /**
   * The body of an approval, optional.
   *
   * @param validTo the end of the key's validity, RFC 3339; by default now + {@code
   *     cab.approver-keys.validity}, and at most that
   */
  record ApprovalIntake(@Nullable String validTo) {}

  /** What a retry with the same Idempotency-Key must repeat: the enrolment and the body. */
  record ApprovalRequest(String enrolmentId, @Nullable ApprovalIntake body) {}

  @PostMapping(
      value = "/api/keys/enrolments/{id}/approve",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<EnrolmentAnswer> approve(
      @PathVariable String id,
      @RequestBody(required = false) @Nullable ApprovalIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    EnrolmentApproval.Approved approved =
        approval.approve(id, intake, Optional.ofNullable(idempotencyKey), caller);
    return answer(approved.recorded(), approved.enrolment());
  }

  /**
   * The body of a rejection.
   *
   * @param reason why the enrolment is turned down (required): the owner reads it
   */
  record RejectionIntake(@Nullable String reason) {}

  /** What a retry with the same Idempotency-Key must repeat: the enrolment and the body. */
  record RejectionRequest(String enrolmentId, RejectionIntake body) {}

  @PostMapping(
      value = "/api/keys/enrolments/{id}/reject",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<EnrolmentAnswer> reject(
      @PathVariable String id,
      @RequestBody RejectionIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    EnrolmentApproval.Decided rejected =
        approval.reject(id, intake, Optional.ofNullable(idempotencyKey), caller);
    return answer(rejected.recorded(), rejected.enrolment());
  }

  private Recorded record(
      Statement statement,
      EntryProjection projection,
      @Nullable String idempotencyKey,
      Caller caller,
      Object body) {
    try {
      return writer.recordOffChange(
          statement, projection, Optional.ofNullable(idempotencyKey), caller, body);
    } catch (ProjectionRejectedException e) {
      // The challenge was used by an entry written before this one in the same batch.
      if (e.getCause() instanceof InvalidChallengeException used) {
        throw used;
      }
      throw e;
    }
  }

  private static ResponseEntity<EnrolmentAnswer> answer(
      Recorded recorded, Enrolments.View enrolment) {
    EnrolmentAnswer answer = new EnrolmentAnswer(enrolment, ReceiptView.of(recorded.receipt()));
    return recorded.replayed()
        ? ResponseEntity.ok(answer)
        : ResponseEntity.status(201).body(answer);
  }

  private static String required(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(name + " is required");
    }
    return value;
  }

  private static byte[] base64(@Nullable String value, String name, String what) {
    try {
      return Base64.getDecoder().decode(required(value, name));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(name + " is not base64: it is " + what);
    }
  }
}
