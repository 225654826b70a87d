package dev.cabledger.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.VerifiedBundle;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestApproverKeys;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestDecisions;
import dev.cabledger.server.TestExceptions;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.audit.TrustRoot;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.storage.Backend;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Decisions signed by the approver's own key, prepared and signed over real HTTP on both databases,
 * on services with the default policy (high and critical approvals approver-signed), which other
 * tests' services turn off ({@link TestService#start}).
 */
class SignedDecisionControllerTest {
  private static final String CLIENT = "acme";

  /** A client whose own setting asks no approver signature at any level. */
  private static final String RELAXED = "relaxed";

  /** Short, so that the expiry test waits little; every other test signs at once. */
  private static final long VALIDITY_SECONDS = 4;

  private static final Map<Backend, TestService> SERVICES = new EnumMap<>(Backend.class);

  private static synchronized TestService service(Backend backend) {
    return SERVICES.computeIfAbsent(
        backend,
        b -> {
          TestDatabase db = TestDatabase.create(b);
          TestService service =
              TestService.start(
                  db,
                  "cab.workflow.expiry-interval=24h",
                  "cab.workflow.require-approver-signature=high,critical",
                  "cab.workflow.clients." + RELAXED + ".require-approver-signature=none",
                  "cab.signed-decisions.preparation-validity=" + VALIDITY_SECONDS + "s");
          Runtime.getRuntime()
              .addShutdownHook(
                  new Thread(
                      () -> {
                        service.close();
                        db.close();
                      }));
          return service;
        });
  }

  private static String newUser() {
    return "user:approver-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A submitted change of this risk, with its id and plan hash. */
  private record Change(String id, String plan) {}

  private static Change submit(TestService service, String risk) {
    Change c = new Change(TestWorkflow.newChangeId(), TestWorkflow.newPlanHash());
    TestWorkflow.submit(service, c.id(), CLIENT, c.plan(), risk);
    return c;
  }

  private static HttpResponse<String> prepare(
      TestService service, String changeId, String user, String body) {
    return service.post(
        "/api/changes/" + changeId + "/decisions/prepare",
        body,
        Optional.of(TestWorkflow.decider(service, user, Role.CAB_APPROVER)));
  }

  private static JsonNode prepared(TestService service, String changeId, String user) {
    HttpResponse<String> r = prepare(service, changeId, user, TestWorkflow.approveBody());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestWorkflow.json(r);
  }

  /** The approver's signature over the DSSE PAE of these payload bytes. */
  private static String sig(KeyPair key, byte[] payload) {
    byte[] pae = Envelope.pae(Envelope.IN_TOTO_PAYLOAD_TYPE, payload);
    return Base64.getEncoder()
        .encodeToString(new MlDsaSigner(TestApproverKeys.id(key), key.getPrivate()).sign(pae));
  }

  private static byte[] payload(JsonNode prepared) {
    return Base64.getDecoder().decode(prepared.path("payload").asString());
  }

  private static HttpResponse<String> sign(
      TestService service,
      String changeId,
      JsonNode prepared,
      String user,
      KeyId keyId,
      String sig) {
    return service.post(
        "/api/changes/"
            + changeId
            + "/decisions/"
            + prepared.path("preparedId").asString()
            + "/sign",
        "{\"keyid\": \"" + keyId.value() + "\", \"sig\": \"" + sig + "\"}",
        Optional.of(TestWorkflow.decider(service, user, Role.CAB_APPROVER)));
  }

  /** Prepares and signs an approval as {@code user} with {@code key}; returns the 201's JSON. */
  private static JsonNode approveSigned(
      TestService service, String changeId, String user, KeyPair key) {
    JsonNode p = prepared(service, changeId, user);
    HttpResponse<String> r =
        sign(service, changeId, p, user, TestApproverKeys.id(key), sig(key, payload(p)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestWorkflow.json(r);
  }

  /** Asserts the refusal's status and problem type, and that the log did not grow. */
  private static void assertRefused(
      TestService service, Supplier<HttpResponse<String>> call, int status, String type) {
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r = call.get();
    TestApi.assertProblem(r, status, type);
    assertThat(TestWorkflow.json(r).path("detail").asString()).contains("Nothing");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_approvalOfAHighRiskChange_answersThePayloadAndItsSummary(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");
    long before = TestWorkflow.treeSize(service);

    JsonNode p = prepared(service, c.id(), newUser());

    assertThat(p.path("payloadType").asString()).isEqualTo(Envelope.IN_TOTO_PAYLOAD_TYPE);
    Statement statement = Statement.parse(payload(p));
    assertThat(statement.canonicalBytes()).isEqualTo(payload(p));
    assertThat(statement.subjectName()).isEqualTo(c.id());
    assertThat(statement.predicate().data()).isInstanceOf(CabApproved.class);
    JsonNode summary = p.path("summary");
    assertThat(summary.path("changeId").asString()).isEqualTo(c.id());
    assertThat(summary.path("title").asString()).isEqualTo("Resize the database");
    assertThat(summary.path("client").asString()).isEqualTo(CLIENT);
    assertThat(summary.path("environment").asString()).isEqualTo("production");
    assertThat(summary.path("planHash").asString()).isEqualTo(c.plan());
    assertThat(summary.path("riskLevel").asString()).isEqualTo("high");
    assertThat(summary.path("decision").asString()).isEqualTo("approve");
    assertThat(summary.path("justification").asString()).isEqualTo("tested and reviewed");
    assertThat(summary.path("expiresAt").asString())
        .isEqualTo(
            ((CabApproved) statement.predicate().data()).expiryDate().orElseThrow().toString());
    assertThat(p.path("expiresAt").asString()).isNotBlank();
    // Preparing records nothing in the log.
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void sign_byTheApproversKey_appendsThePreparedBytesWithBothSignatures(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");
    String alice = newUser();
    KeyPair key = TestApproverKeys.registered(service, alice);
    JsonNode p = prepared(service, c.id(), alice);

    HttpResponse<String> r =
        sign(service, c.id(), p, alice, TestApproverKeys.id(key), sig(key, payload(p)));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode answer = TestWorkflow.json(r);
    assertThat(answer.path("approver").asString()).isEqualTo(alice);
    long index = answer.path("receipt").path("index").asLong();
    Envelope entry = Envelope.parse(service.app().getBean(LogReader.class).entry(index).bytes());
    assertThat(entry.payload()).isEqualTo(payload(p));
    KeyId serviceKey =
        ServiceKeys.keyId(service.app().getBean(ServiceKeys.class).servicePublicKey());
    assertThat(entry.signatures())
        .extracting(EnvelopeSignature::keyId)
        .containsExactly(TestApproverKeys.id(key), serviceKey);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void sign_overOtherBytes_400AndNothingWritten(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");
    String alice = newUser();
    KeyPair key = TestApproverKeys.registered(service, alice);
    JsonNode p = prepared(service, c.id(), alice);
    byte[] other = payload(p).clone();
    other[other.length - 2] ^= 1;

    assertRefused(
        service,
        () -> sign(service, c.id(), p, alice, TestApproverKeys.id(key), sig(key, other)),
        400,
        "approver-signature-invalid");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void sign_withAnotherPersonsKey_403AndNothingWritten(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");
    String alice = newUser();
    KeyPair bobs = TestApproverKeys.registered(service, newUser());
    JsonNode p = prepared(service, c.id(), alice);

    assertRefused(
        service,
        () -> sign(service, c.id(), p, alice, TestApproverKeys.id(bobs), sig(bobs, payload(p))),
        403,
        "approver-key-not-usable");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void sign_byAnotherCallerThanWhoPrepared_403AndNothingWritten(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");
    String bob = newUser();
    KeyPair bobs = TestApproverKeys.registered(service, bob);
    JsonNode alicesPreparation = prepared(service, c.id(), newUser());

    assertRefused(
        service,
        () ->
            sign(
                service,
                c.id(),
                alicesPreparation,
                bob,
                TestApproverKeys.id(bobs),
                sig(bobs, payload(alicesPreparation))),
        403,
        "prepared-decision-not-yours");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void sign_withARetiredKey_403AndNothingWritten(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");
    String alice = newUser();
    KeyPair key = TestApproverKeys.registered(service, alice);
    HttpResponse<String> retired =
        service.post(
            "/api/keys/" + TestApproverKeys.id(key).value() + "/retire",
            "{\"reason\": \"laptop replaced\"}",
            Optional.of(service.token(alice, Role.CAB_APPROVER)));
    assertThat(retired.statusCode()).as(retired.body()).isEqualTo(201);
    JsonNode p = prepared(service, c.id(), alice);

    assertRefused(
        service,
        () -> sign(service, c.id(), p, alice, TestApproverKeys.id(key), sig(key, payload(p))),
        403,
        "approver-key-not-usable");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void sign_twice_409AndNothingMoreWritten(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");
    String alice = newUser();
    KeyPair key = TestApproverKeys.registered(service, alice);
    JsonNode p = prepared(service, c.id(), alice);
    String sig = sig(key, payload(p));
    HttpResponse<String> first = sign(service, c.id(), p, alice, TestApproverKeys.id(key), sig);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);

    assertRefused(
        service,
        () -> sign(service, c.id(), p, alice, TestApproverKeys.id(key), sig),
        409,
        "prepared-decision-used");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void sign_retriedWithTheSameIdempotencyKey_answersTheFirstReceiptAndAppendsOnce(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");
    String alice = newUser();
    KeyPair key = TestApproverKeys.registered(service, alice);
    JsonNode p = prepared(service, c.id(), alice);
    String body =
        "{\"keyid\": \""
            + TestApproverKeys.id(key).value()
            + "\", \"sig\": \""
            + sig(key, payload(p))
            + "\"}";
    Supplier<HttpResponse<String>> sign =
        () ->
            service.send(
                service
                    .request(
                        "/api/changes/"
                            + c.id()
                            + "/decisions/"
                            + p.path("preparedId").asString()
                            + "/sign",
                        Optional.of(TestWorkflow.decider(service, alice, Role.CAB_APPROVER)))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "\"sign-" + p.path("preparedId").asString() + "\"")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
    HttpResponse<String> first = sign.get();
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    long size = TestWorkflow.treeSize(service);

    HttpResponse<String> again = sign.get();

    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(TestWorkflow.json(again).path("receipt").path("index").asLong())
        .isEqualTo(TestWorkflow.json(first).path("receipt").path("index").asLong());
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void sign_afterThePreparationExpired_410AndNothingWritten(Backend backend)
      throws InterruptedException {
    TestService service = service(backend);
    Change c = submit(service, "high");
    String alice = newUser();
    KeyPair key = TestApproverKeys.registered(service, alice);
    JsonNode p = prepared(service, c.id(), alice);
    Thread.sleep(VALIDITY_SECONDS * 1000 + 500);

    assertRefused(
        service,
        () -> sign(service, c.id(), p, alice, TestApproverKeys.id(key), sig(key, payload(p))),
        410,
        "prepared-decision-expired");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void sign_afterARePlan_409AndNothingWritten(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");
    String alice = newUser();
    KeyPair key = TestApproverKeys.registered(service, alice);
    JsonNode p = prepared(service, c.id(), alice);
    HttpResponse<String> replanned =
        TestWorkflow.replan(service, c.id(), CLIENT, TestWorkflow.newPlanHash());
    assertThat(replanned.statusCode()).as(replanned.body()).isEqualTo(201);

    assertRefused(
        service,
        () -> sign(service, c.id(), p, alice, TestApproverKeys.id(key), sig(key, payload(p))),
        409,
        "conflict");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void prepare_byTheRequesterOrForAnotherClientOrMalformed_refusedAndNothingKept(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");

    HttpResponse<String> own =
        service.post(
            "/api/changes/" + c.id() + "/decisions/prepare",
            TestWorkflow.approveBody(),
            Optional.of(service.token("user:pipeline", Set.of(Role.CAB_APPROVER), Set.of(), true)));
    TestApi.assertProblem(own, 403, "separation-of-duties");
    HttpResponse<String> otherClient =
        service.post(
            "/api/changes/" + c.id() + "/decisions/prepare",
            TestWorkflow.approveBody(),
            Optional.of(
                service.token(newUser(), Set.of(Role.CAB_APPROVER), Set.of("globex"), false)));
    TestApi.assertProblem(otherClient, 404, "not-found");
    TestApi.assertProblem(
        prepare(service, c.id(), newUser(), "{\"decision\": \"approve\"}"), 400, "invalid-request");
    String dana = newUser();
    JsonNode danas = TestWorkflow.json(prepare(service, c.id(), dana, TestWorkflow.approveBody()));
    TestApi.assertProblem(
        sign(service, c.id(), danas, dana, new KeyId("mldsa65-0011223344556677"), "not base64!"),
        400,
        "invalid-request");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void cabApprove_ofAHighRiskChange_403PointingToPrepare(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");
    String body =
        """
        {"changeRequestId": "%s", "approvedBy": "user:victor", "module": "tf-aws-rds",
         "client": "acme", "riskLevel": "high", "planHash": "%s"}
        """
            .formatted(c.id(), c.plan());

    assertRefused(
        service,
        () ->
            service.post(
                "/api/cab/approve",
                body,
                Optional.of(TestWorkflow.decider(service, "user:victor", Role.CAB_APPROVER))),
        403,
        "approver-signature-required");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_approvalOfAHighRiskChangeWithoutSigning_403PointingToPrepare(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");

    assertRefused(
        service,
        () ->
            TestWorkflow.decide(
                service, c.id(), newUser(), Role.CAB_APPROVER, TestWorkflow.approveBody()),
        403,
        "approver-signature-required");
    HttpResponse<String> r =
        TestWorkflow.decide(
            service, c.id(), newUser(), Role.CAB_APPROVER, TestWorkflow.approveBody());
    assertThat(TestWorkflow.json(r).path("detail").asString())
        .contains("/api/changes/" + c.id() + "/decisions/prepare");
    // A denial holds the change back: the service's signature suffices.
    HttpResponse<String> denied =
        TestWorkflow.decide(
            service,
            c.id(),
            newUser(),
            Role.CAB_APPROVER,
            "{\"decision\": \"deny\", \"justification\": \"no rollback plan\"}");
    assertThat(denied.statusCode()).as(denied.body()).isEqualTo(201);
    // A low-risk change is approved as before.
    Change low = submit(service, "low");
    assertThat(
            TestWorkflow.decide(
                    service, low.id(), newUser(), Role.CAB_APPROVER, TestWorkflow.approveBody())
                .statusCode())
        .isEqualTo(201);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_highRiskChangeOfAClientThatAsksNoSignature_countsWithTheServicesSignature(
      Backend backend) {
    TestService service = service(backend);
    String id = TestWorkflow.newChangeId();
    String plan = TestWorkflow.newPlanHash();
    TestWorkflow.submit(service, id, RELAXED, plan, "high");

    TestWorkflow.approve(service, id, newUser());
    TestWorkflow.approve(service, id, newUser());

    HttpResponse<String> gate =
        service.get(
            "/api/gate?change=" + id + "&planHash=" + plan + "&environment=production",
            Optional.of(
                service.token("user:pipeline", Set.of(Role.REQUESTER), Set.of(RELAXED), false)));
    assertThat(gate.statusCode()).as(gate.body()).isEqualTo(200);
    assertThat(TestWorkflow.json(gate).path("decision").asString()).isEqualTo("APPROVED");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_highRiskApprovedWithServiceSignaturesOnly_isBlockedThenApprovedOnceSigned(
      Backend backend) {
    TestService service = service(backend);
    long from = TestWorkflow.treeSize(service);
    Change c = submit(service, "high");
    // Recorded as the service records any decision, without the approvers' own signatures.
    TestDecisions.approve(service, c.id(), TestDecisions.approver(newUser()));
    TestDecisions.approve(service, c.id(), TestDecisions.approver(newUser()));

    JsonNode blocked = gate(service, c);

    assertThat(blocked.path("decision").asString()).isEqualTo("BLOCKED");
    assertThat(codes(blocked)).contains("missing-quorum", "approver-signature-missing");

    for (int i = 0; i < 2; i++) {
      String approver = newUser();
      approveSigned(service, c.id(), approver, TestApproverKeys.registered(service, approver));
    }
    JsonNode approved = gate(service, c);

    assertThat(approved.path("decision").asString())
        .as(approved.path("reasons").toString())
        .isEqualTo("APPROVED");
    JsonNode view =
        TestApi.json(
            service.get(
                "/api/changes/" + c.id(),
                Optional.of(TestWorkflow.requester(service, "user:pipeline", CLIENT))));
    assertThat(view.path("status").asString()).isEqualTo("approved");
    List<String> standings = new ArrayList<>();
    view.path("decisions")
        .forEach(
            d ->
                standings.add(
                    d.path("standing").asString() + "/" + d.path("approverSigned").asBoolean()));
    assertThat(standings)
        .containsExactly("unsigned/false", "unsigned/false", "counts/true", "counts/true");

    // The auditor's offline verifier checks the approver signatures and re-derives both answers.
    VerifiedBundle verified =
        new BundleVerifier(
                Optional.of(service.app().getBean(TrustRoot.class).trust()), Optional.empty())
            .verify(new ByteArrayInputStream(bundle(service, from)));
    assertThat(verified.gates().mismatched()).isZero();
    assertThat(verified.gates().matched()).isGreaterThanOrEqualTo(2);
    // The ledger check derives the change's status from the signatures as the projection did.
    assertThat(service.app().getBean(LedgerAudit.class).run().findings()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void signException_byTheReviewersKey_appendsThePreparedBytesWithBothSignatures(Backend backend) {
    TestService service = service(backend);
    Change c = submit(service, "high");
    String exception =
        TestExceptions.request(service, "user:pipeline", c.id(), CLIENT, "cross_boundary")
            .path("exceptionId")
            .asString();
    String sam = newUser();
    KeyPair key = TestApproverKeys.registered(service, sam);
    String reviewer = TestExceptions.reviewer(service, sam, CLIENT);
    HttpResponse<String> prepare =
        service.post(
            "/api/exceptions/" + exception + "/decisions/prepare",
            "{\"decision\": \"approve\", \"justification\": \"compensated\"}",
            Optional.of(reviewer));
    assertThat(prepare.statusCode()).as(prepare.body()).isEqualTo(201);
    JsonNode p = TestWorkflow.json(prepare);
    assertThat(p.path("summary").path("exceptionId").asString()).isEqualTo(exception);
    assertThat(p.path("summary").path("exceptionType").asString()).isEqualTo("cross_boundary");
    String signPath =
        "/api/exceptions/" + exception + "/decisions/" + p.path("preparedId").asString() + "/sign";
    String body =
        "{\"keyid\": \""
            + TestApproverKeys.id(key).value()
            + "\", \"sig\": \""
            + sig(key, payload(p))
            + "\"}";
    String other = newUser();
    KeyPair others = TestApproverKeys.registered(service, other);
    assertRefused(
        service,
        () ->
            service.post(
                signPath,
                "{\"keyid\": \""
                    + TestApproverKeys.id(others).value()
                    + "\", \"sig\": \""
                    + sig(others, payload(p))
                    + "\"}",
                Optional.of(TestExceptions.reviewer(service, other, CLIENT))),
        403,
        "prepared-decision-not-yours");

    HttpResponse<String> r = service.post(signPath, body, Optional.of(reviewer));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    long index = TestWorkflow.json(r).path("receipt").path("index").asLong();
    Envelope entry = Envelope.parse(service.app().getBean(LogReader.class).entry(index).bytes());
    assertThat(entry.payload()).isEqualTo(payload(p));
    assertThat(entry.signatures()).hasSize(2);
    assertThat(entry.signatures().getFirst().keyId()).isEqualTo(TestApproverKeys.id(key));
    assertRefused(
        service,
        () -> service.post(signPath, body, Optional.of(reviewer)),
        409,
        "prepared-decision-used");
  }

  private static JsonNode gate(TestService service, Change c) {
    return TestApi.json(
        service.get(
            "/api/gate?change=" + c.id() + "&planHash=" + c.plan() + "&environment=production",
            Optional.of(TestWorkflow.requester(service, "user:deployer", CLIENT))));
  }

  private static List<String> codes(JsonNode answer) {
    List<String> codes = new ArrayList<>();
    answer.path("reasons").forEach(r -> codes.add(r.path("code").asString()));
    return codes;
  }

  private static byte[] bundle(TestService service, long from) {
    HttpResponse<byte[]> response =
        service.sendForBytes(
            service
                .request(
                    "/api/audit/bundle?from=" + from,
                    Optional.of(service.token("user:audit", Role.AUDITOR)))
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
