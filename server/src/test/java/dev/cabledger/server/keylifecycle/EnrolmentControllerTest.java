package dev.cabledger.server.keylifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestApproverKeys;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Enrolment of approver-held keys with proof of possession, and its approval, on both databases.
 */
class EnrolmentControllerTest {

  private static String newUser() {
    return "user:approver-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_provenKey_isRequestedThenRegisteredByAnotherAdmin(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    KeyPair key = MlDsa65.generate();
    KeyId keyId = TestApproverKeys.id(key);

    JsonNode enrolment = TestApproverKeys.enrol(service, alice, key);

    assertThat(enrolment.path("owner").asString()).isEqualTo(alice);
    assertThat(enrolment.path("keyId").asString()).isEqualTo(keyId.value());
    assertThat(enrolment.path("status").asString()).isEqualTo("requested");
    Statement requested = statementAt(service, enrolment.path("entryIndex").asLong());
    assertThat(requested.predicate().eventType()).isEqualTo(EventType.KEY_ENROLMENT_REQUESTED);
    assertThat(requested.predicate().actor().subject()).isEqualTo(alice);
    assertThat(requested.subjectName()).isEqualTo(keyId.value());
    String id = enrolment.path("enrolmentId").asString();
    assertThat(listed(service, "requested", id)).isTrue();
    assertThat(TestApi.keys(service).find(keyId)).isEmpty();

    HttpResponse<String> approved = TestApproverKeys.approve(service, TestApproverKeys.ADMIN, id);

    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
    JsonNode after = TestWorkflow.json(approved).path("enrolment");
    assertThat(after.path("status").asString()).isEqualTo("registered");
    Statement registration =
        statementAt(service, TestWorkflow.json(approved).path("receipt").path("index").asLong());
    assertThat(registration.predicate().eventType()).isEqualTo(EventType.KEY_REGISTERED);
    assertThat(registration.predicate().actor().subject()).isEqualTo(TestApproverKeys.ADMIN);
    RegisteredKey registered = TestApi.keys(service).find(keyId).orElseThrow();
    assertThat(registered.owner()).isEqualTo(alice);
    assertThat(registered.purpose()).isEqualTo("approver");
    assertThat(registered.status()).isEqualTo(KeyStatus.ACTIVE);
    assertThat(registered.validTo()).hasValue(registered.validFrom().plus(Duration.ofDays(365)));
    assertThat(after.path("key").path("keyId").asString()).isEqualTo(keyId.value());
    assertThat(listed(service, "registered", id)).isTrue();
    assertThat(listed(service, "requested", id)).isFalse();
    // Whatever the service wrote, its own ledger check (the offline verifier's rules) accepts.
    assertThat(service.app().getBean(LedgerAudit.class).run().findings())
        .noneSatisfy(f -> assertThat(f.toString()).contains(keyId.value()));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_challengeGivenToAnotherPrincipal_400AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    KeyPair key = MlDsa65.generate();
    String bobs = TestApproverKeys.challenge(service, newUser());

    assertRefused(
        service,
        () ->
            TestApproverKeys.submit(
                service, newUser(), Role.CAB_APPROVER, TestApproverKeys.body(key, bobs)),
        400,
        "invalid-challenge",
        "given to another principal");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_unknownChallenge_400(Backend backend) {
    TestService service = TestService.shared(backend);

    assertRefused(
        service,
        () ->
            TestApproverKeys.submit(
                service,
                newUser(),
                Role.SECURITY_REVIEWER,
                TestApproverKeys.body(MlDsa65.generate(), "made-up-challenge")),
        400,
        "invalid-challenge",
        "not one this service gave");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_expiredChallenge_400(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    String challenge = "expired-" + UUID.randomUUID();
    // A challenge given a minute ago that was answerable for a few seconds.
    service
        .db()
        .jdbc()
        .update(
            "INSERT INTO enrolment_challenge (challenge, subject, expires_at, used_at)"
                + " VALUES (?, ?, ?, NULL)",
            challenge,
            alice,
            Instant.now().minusSeconds(55).toEpochMilli());

    assertRefused(
        service,
        () ->
            TestApproverKeys.submit(
                service,
                alice,
                Role.CAB_APPROVER,
                TestApproverKeys.body(MlDsa65.generate(), challenge)),
        400,
        "invalid-challenge",
        "the challenge expired at");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_challengeAnsweredTwice_secondIs400(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    String challenge = TestApproverKeys.challenge(service, alice);
    HttpResponse<String> first =
        TestApproverKeys.submit(
            service,
            alice,
            Role.CAB_APPROVER,
            TestApproverKeys.body(MlDsa65.generate(), challenge));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);

    assertRefused(
        service,
        () ->
            TestApproverKeys.submit(
                service,
                alice,
                Role.CAB_APPROVER,
                TestApproverKeys.body(MlDsa65.generate(), challenge)),
        400,
        "invalid-challenge",
        "used already");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_signatureOverSomethingElse_400ProofOfPossessionFailed(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    KeyPair key = MlDsa65.generate();
    String challenge = TestApproverKeys.challenge(service, alice);

    assertRefused(
        service,
        () ->
            TestApproverKeys.submit(
                service,
                alice,
                Role.CAB_APPROVER,
                TestApproverKeys.body(key, challenge, TestApproverKeys.sign(key, challenge + "x"))),
        400,
        "proof-of-possession-failed",
        "does not verify with key " + TestApproverKeys.id(key));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_signatureByAnotherKey_400ProofOfPossessionFailed(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    String challenge = TestApproverKeys.challenge(service, alice);

    assertRefused(
        service,
        () ->
            TestApproverKeys.submit(
                service,
                alice,
                Role.CAB_APPROVER,
                TestApproverKeys.body(
                    MlDsa65.generate(),
                    challenge,
                    TestApproverKeys.sign(MlDsa65.generate(), challenge))),
        400,
        "proof-of-possession-failed",
        "does not prove possession");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_notAnMlDsaKey_400(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    String challenge = TestApproverKeys.challenge(service, alice);
    String body =
        """
        {"publicKey": "%s", "challenge": "%s", "signature": "AAAA"}
        """
            .formatted(Base64.getEncoder().encodeToString(new byte[] {48, 3, 1, 2, 3}), challenge);

    assertRefused(
        service,
        () -> TestApproverKeys.submit(service, alice, Role.CAB_APPROVER, body),
        400,
        "invalid-request",
        "publicKey is not an ML-DSA-65 SubjectPublicKeyInfo");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_keyRequestedOrRegisteredAlready_409(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    KeyPair requested = MlDsa65.generate();
    TestApproverKeys.enrol(service, alice, requested);
    KeyPair registered = TestApproverKeys.registered(service, alice);

    assertRefused(
        service,
        () ->
            TestApproverKeys.submit(
                service,
                alice,
                Role.CAB_APPROVER,
                TestApproverKeys.enrolmentBody(service, alice, requested)),
        409,
        "conflict",
        "submitted for enrolment already");
    assertRefused(
        service,
        () ->
            TestApproverKeys.submit(
                service,
                alice,
                Role.CAB_APPROVER,
                TestApproverKeys.enrolmentBody(service, alice, registered)),
        409,
        "conflict",
        "is registered already");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_byTheKeysOwner_403SeparationOfDuties(Backend backend) {
    TestService service = TestService.shared(backend);
    String admin = newUser();
    KeyPair key = MlDsa65.generate();
    HttpResponse<String> enrolled =
        TestApproverKeys.submit(
            service,
            admin,
            Role.PLATFORM_ADMIN,
            TestApproverKeys.enrolmentBody(service, admin, key));
    assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
    String id = TestWorkflow.json(enrolled).path("enrolment").path("enrolmentId").asString();

    assertRefused(
        service,
        () -> TestApproverKeys.approve(service, admin, id),
        403,
        "separation-of-duties",
        "a platform admin other than its owner approves it");
    assertThat(TestApi.keys(service).find(TestApproverKeys.id(key))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_twice_secondIs409(Backend backend) {
    TestService service = TestService.shared(backend);
    String id =
        TestApproverKeys.enrol(service, newUser(), MlDsa65.generate())
            .path("enrolmentId")
            .asString();
    assertThat(TestApproverKeys.approve(service, TestApproverKeys.ADMIN, id).statusCode())
        .isEqualTo(201);

    assertRefused(
        service,
        () -> TestApproverKeys.approve(service, "user:other-admin", id),
        409,
        "conflict",
        "is registered already");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_unknownEnrolment_404(Backend backend) {
    TestService service = TestService.shared(backend);

    assertRefused(
        service,
        () ->
            TestApproverKeys.approve(service, TestApproverKeys.ADMIN, UUID.randomUUID().toString()),
        404,
        "not-found",
        "no enrolment");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_validToBeyondTheConfiguredValidity_400(Backend backend) {
    TestService service = TestService.shared(backend);
    String id =
        TestApproverKeys.enrol(service, newUser(), MlDsa65.generate())
            .path("enrolmentId")
            .asString();

    assertRefused(
        service,
        () ->
            service.post(
                "/api/keys/enrolments/" + id + "/approve",
                "{\"validTo\": \""
                    + Instant.now().plus(Duration.ofDays(400)).truncatedTo(ChronoUnit.MILLIS)
                    + "\"}",
                Optional.of(service.token(TestApproverKeys.ADMIN, Role.PLATFORM_ADMIN))),
        400,
        "invalid-request",
        "validTo must be after now and at most");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_shorterValidTo_isTheKeysEnd(Backend backend) {
    TestService service = TestService.shared(backend);
    KeyPair key = MlDsa65.generate();
    String id = TestApproverKeys.enrol(service, newUser(), key).path("enrolmentId").asString();
    Instant end = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);

    HttpResponse<String> approved =
        service.post(
            "/api/keys/enrolments/" + id + "/approve",
            "{\"validTo\": \"" + end + "\"}",
            Optional.of(service.token(TestApproverKeys.ADMIN, Role.PLATFORM_ADMIN)));

    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
    assertThat(TestApi.keys(service).find(TestApproverKeys.id(key)).orElseThrow().validTo())
        .hasValue(end);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_retryWithTheSameIdempotencyKey_answersTheFirstReceipt(Backend backend) {
    TestService service = TestService.shared(backend);
    String id =
        TestApproverKeys.enrol(service, newUser(), MlDsa65.generate())
            .path("enrolmentId")
            .asString();
    HttpRequest request =
        service
            .request(
                "/api/keys/enrolments/" + id + "/approve",
                Optional.of(service.token(TestApproverKeys.ADMIN, Role.PLATFORM_ADMIN)))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "\"approve-" + id + "\"")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();

    HttpResponse<String> first = service.send(request);
    HttpResponse<String> retry = service.send(request);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
    assertThat(TestWorkflow.json(retry).path("receipt").path("index").asLong())
        .isEqualTo(TestWorkflow.json(first).path("receipt").path("index").asLong());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void reject_byAnotherAdmin_listedRejectedWithReasonAndNoLongerApprovable(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    KeyPair key = MlDsa65.generate();
    String id = TestApproverKeys.enrol(service, alice, key).path("enrolmentId").asString();

    HttpResponse<String> rejected =
        TestApproverKeys.reject(service, TestApproverKeys.ADMIN, id, "key id not confirmed");

    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(201);
    JsonNode after = TestWorkflow.json(rejected).path("enrolment");
    assertThat(after.path("status").asString()).isEqualTo("rejected");
    assertThat(after.path("rejection").path("rejectedBy").asString())
        .isEqualTo(TestApproverKeys.ADMIN);
    assertThat(after.path("rejection").path("reason").asString()).isEqualTo("key id not confirmed");
    long index = TestWorkflow.json(rejected).path("receipt").path("index").asLong();
    assertThat(after.path("rejection").path("entryIndex").asLong()).isEqualTo(index);
    Statement entry = statementAt(service, index);
    assertThat(entry.predicate().eventType()).isEqualTo(EventType.KEY_ENROLMENT_REJECTED);
    assertThat(entry.predicate().actor().subject()).isEqualTo(TestApproverKeys.ADMIN);
    assertThat(entry.subjectName()).isEqualTo(TestApproverKeys.id(key).value());
    assertThat(after.path("rejection").path("rejectedAt").asString())
        .isEqualTo(entry.predicate().createdAt().toString());
    assertThat(listed(service, "rejected", id)).isTrue();
    assertThat(listed(service, "requested", id)).isFalse();

    assertRefused(
        service,
        () -> TestApproverKeys.approve(service, "user:other-admin", id),
        409,
        "conflict",
        "was rejected");
    assertRefused(
        service,
        () -> TestApproverKeys.reject(service, "user:other-admin", id, "again"),
        409,
        "conflict",
        "is rejected already");
    assertThat(TestApi.keys(service).find(TestApproverKeys.id(key))).isEmpty();
    // The owner may submit a new enrolment (of a new key: a key is submitted once).
    String again =
        TestApproverKeys.enrol(service, alice, MlDsa65.generate()).path("enrolmentId").asString();
    assertThat(TestApproverKeys.approve(service, TestApproverKeys.ADMIN, again).statusCode())
        .isEqualTo(201);
    assertThat(service.app().getBean(LedgerAudit.class).run().findings())
        .noneSatisfy(f -> assertThat(f.toString()).contains(id));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void reject_approvedEnrolment_409AndTheKeyStaysRegistered(Backend backend) {
    TestService service = TestService.shared(backend);
    KeyPair key = MlDsa65.generate();
    String id = TestApproverKeys.enrol(service, newUser(), key).path("enrolmentId").asString();
    assertThat(TestApproverKeys.approve(service, TestApproverKeys.ADMIN, id).statusCode())
        .isEqualTo(201);

    assertRefused(
        service,
        () -> TestApproverKeys.reject(service, "user:other-admin", id, "too late"),
        409,
        "conflict",
        "was approved already");
    assertThat(TestApi.keys(service).find(TestApproverKeys.id(key))).isPresent();
    assertThat(listed(service, "registered", id)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void reject_byTheOwnerOrWithoutReason_403Or400AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String admin = newUser();
    HttpResponse<String> enrolled =
        TestApproverKeys.submit(
            service,
            admin,
            Role.PLATFORM_ADMIN,
            TestApproverKeys.enrolmentBody(service, admin, MlDsa65.generate()));
    assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
    String id = TestWorkflow.json(enrolled).path("enrolment").path("enrolmentId").asString();

    assertRefused(
        service,
        () -> TestApproverKeys.reject(service, admin, id, "my own"),
        403,
        "separation-of-duties",
        "a platform admin other than its owner decides on it");
    assertRefused(
        service,
        () ->
            service.post(
                "/api/keys/enrolments/" + id + "/reject",
                "{}",
                Optional.of(service.token(TestApproverKeys.ADMIN, Role.PLATFORM_ADMIN))),
        400,
        "invalid-request",
        "reason is required");
    assertThat(listed(service, "requested", id)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void list_unknownStatus_400(Backend backend) {
    TestService service = TestService.shared(backend);

    TestApi.assertProblem(
        service.get(
            "/api/keys/enrolments?status=pending",
            Optional.of(service.token(TestApproverKeys.ADMIN, Role.PLATFORM_ADMIN))),
        400,
        "invalid-request");
  }

  /** Whether the admin's list with this status holds the enrolment. */
  private static boolean listed(TestService service, String status, String id) {
    JsonNode list =
        TestApi.json(
            service.get(
                "/api/keys/enrolments?status=" + status,
                Optional.of(service.token(TestApproverKeys.ADMIN, Role.PLATFORM_ADMIN))));
    for (JsonNode e : list.path("enrolments")) {
      if (e.path("enrolmentId").asString().equals(id)) {
        assertThat(e.path("status").asString()).isEqualTo(status);
        return true;
      }
    }
    return false;
  }

  static Statement statementAt(TestService service, long index) {
    JsonNode entry = TestApi.json(TestApi.get(service, "/api/ledger/entries/" + index));
    return Statement.parse(
        Envelope.parse(Base64.getDecoder().decode(entry.path("entry").asString())).payload());
  }

  /** A refusal of that status, problem type and detail, after which the log did not grow. */
  static void assertRefused(
      TestService service,
      Supplier<HttpResponse<String>> request,
      int status,
      String type,
      String detail) {
    long size = TestWorkflow.treeSize(service);
    HttpResponse<String> response = request.get();
    TestApi.assertProblem(response, status, type);
    assertThat(TestWorkflow.json(response).path("detail").asString()).contains(detail);
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
  }
}
