package dev.cabledger.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.EvidenceSealed;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.SlowBatchService;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.storage.Backend;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/changes/{id}/decisions} over real HTTP with real tokens, on both databases. */
class DecisionControllerTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_approve_201WithSignedDecisionStandingAndReceipt(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "low");
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    HttpResponse<String> r =
        TestWorkflow.decide(
            service, id, "user:cab1", Role.CAB_APPROVER, TestWorkflow.approveBody());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).contains("/api/changes/" + id);
    JsonNode d = TestWorkflow.json(r);
    assertThat(d.get("approvalId").asString()).matches("[0-9a-f-]{36}");
    assertThat(d.get("kind").asString()).isEqualTo("cab");
    assertThat(d.get("changeId").asString()).isEqualTo(id);
    assertThat(d.get("decision").asString()).isEqualTo("approve");
    assertThat(d.get("status").asString()).isEqualTo("approved");
    assertThat(d.get("approver").asString()).isEqualTo("user:cab1");
    assertThat(d.get("approverRole").asString()).isEqualTo("CAB_APPROVER");
    assertThat(d.get("justification").asString()).isEqualTo("tested and reviewed");
    assertThat(d.get("riskScore").asLong()).isEqualTo(40);
    assertThat(d.get("module").asString()).isEqualTo("tf-aws-rds");
    // The default validity, 30 days from the decision.
    Instant expires = Instant.parse(d.get("expiresAt").asString());
    assertThat(expires)
        .isBetween(before.plus(Duration.ofDays(30)), Instant.now().plus(Duration.ofDays(30)));
    assertThat(d.get("change").get("status").asString()).isEqualTo("approved");
    assertThat(d.get("change").get("missing")).isEmpty();
    long index = d.get("receipt").get("index").asLong();
    assertThat(d.get("entryIndex").asLong()).isEqualTo(index);

    JsonNode change = TestApi.json(TestApi.get(service, "/api/changes/" + id));
    assertThat(change.get("status").asString()).isEqualTo("approved");
    JsonNode decision = change.get("decisions").get(0);
    assertThat(decision.get("approvalId").asString()).isEqualTo(d.get("approvalId").asString());
    assertThat(decision.get("standing").asString()).isEqualTo("counts");
    assertThat(TestApi.get(service, "/api/ledger/entries/" + index).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_conditional_conditionsAndConstraintsSigned(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "low");
    String body =
        """
        {"decision": "conditional", "justification": "new application, limited scope",
         "conditions": ["Deploy only to Ring 1", "Monitor for 48 hours"],
         "environments": ["production"], "notBefore": "2026-01-06T10:00:00Z",
         "notAfter": "2099-01-06T10:00:00.250+02:00"}
        """;
    JsonNode d = created(TestWorkflow.decide(service, id, "user:cab1", Role.CAB_APPROVER, body));

    assertThat(d.get("decision").asString()).isEqualTo("conditional");
    assertThat(d.get("status").asString()).isEqualTo("conditional");
    assertThat(d.get("conditions"))
        .extracting(JsonNode::asString)
        .containsExactly("Deploy only to Ring 1", "Monitor for 48 hours");
    JsonNode c = d.get("constraints");
    assertThat(c.get("environments")).extracting(JsonNode::asString).containsExactly("production");
    assertThat(c.get("notBefore").asString()).isEqualTo("2026-01-06T10:00:00Z");
    assertThat(c.get("notAfter").asString()).isEqualTo("2099-01-06T08:00:00.250Z");
    assertThat(d.get("change").get("status").asString()).isEqualTo("conditional");
    JsonNode seen =
        TestApi.json(TestApi.get(service, "/api/changes/" + id)).get("decisions").get(0);
    assertThat(seen.get("conditions")).hasSize(2);
    assertThat(seen.get("constraints").get("environments").get(0).asString())
        .isEqualTo("production");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_deny_changeDeniedWithReason(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "low");
    JsonNode d =
        created(
            TestWorkflow.decide(
                service,
                id,
                "user:cab1",
                Role.CAB_APPROVER,
                "{\"decision\": \"deny\", \"justification\": \"no rollback tested\"}"));
    assertThat(d.get("decision").asString()).isEqualTo("deny");
    assertThat(d.get("status").asString()).isEqualTo("denied");
    assertThat(d.has("expiresAt")).isFalse();
    assertThat(d.get("change").get("status").asString()).isEqualTo("denied");
    assertThat(d.get("change").get("missing").get(0).get("code").asString()).isEqualTo("denied");
    JsonNode seen =
        TestApi.json(TestApi.get(service, "/api/changes/" + id)).get("decisions").get(0);
    assertThat(seen.get("standing").asString()).isEqualTo("denies");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_securityReviewerOnCritical_countsAsSecurityReview(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "critical");
    TestWorkflow.approve(service, id, "user:cab1");
    TestWorkflow.approve(service, id, "user:cab2");
    JsonNode d =
        created(
            TestWorkflow.decide(
                service, id, "user:sec", Role.SECURITY_REVIEWER, TestWorkflow.approveBody()));
    assertThat(d.get("approverRole").asString()).isEqualTo("SECURITY_REVIEWER");
    assertThat(d.get("change").get("status").asString()).isEqualTo("approved");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_requesterDecidesOwnChange_403AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "low");
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r =
        TestWorkflow.decide(
            service, id, "user:pipeline", Role.CAB_APPROVER, TestWorkflow.approveBody());
    TestApi.assertProblem(r, 403, "separation-of-duties");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    assertThat(TestApi.json(TestApi.get(service, "/api/changes/" + id)).get("decisions")).isEmpty();
  }

  @Test
  void decide_prApproverWhenExcluded_403AndNothingWritten() throws Exception {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE);
        TestService service = TestService.start(db, "cab.workflow.exclude-pr-approvers=true")) {
      String id = newChange(service, "low");
      long before = TestWorkflow.treeSize(service);
      // TestWorkflow's change names user:pr-reviewer as its pull request's approver.
      HttpResponse<String> r =
          TestWorkflow.decide(
              service, id, "user:pr-reviewer", Role.CAB_APPROVER, TestWorkflow.approveBody());
      TestApi.assertProblem(r, 403, "separation-of-duties");
      assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
      created(
          TestWorkflow.decide(
              service, id, "user:cab1", Role.CAB_APPROVER, TestWorkflow.approveBody()));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_secondDecisionWithoutSupersedes_409AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "low");
    String first = TestWorkflow.approve(service, id, "user:cab1").get("approvalId").asString();
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> again =
        TestWorkflow.decide(
            service,
            id,
            "user:cab1",
            Role.CAB_APPROVER,
            "{\"decision\": \"deny\", \"justification\": \"changed my mind\"}");
    TestApi.assertProblem(again, 409, "conflict");
    assertThat(again.body()).contains(first);
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_supersedesOwnDecision_oldSupersededNewCounts(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "low");
    String first = TestWorkflow.approve(service, id, "user:cab1").get("approvalId").asString();
    JsonNode second =
        created(
            TestWorkflow.decide(
                service,
                id,
                "user:cab1",
                Role.CAB_APPROVER,
                """
                {"decision": "conditional", "justification": "condition added",
                 "conditions": ["Monitor for 48 hours"], "supersedes": "%s"}
                """
                    .formatted(first)));
    assertThat(second.get("supersedes").asString()).isEqualTo(first);
    assertThat(second.get("change").get("status").asString()).isEqualTo("conditional");

    JsonNode decisions = TestApi.json(TestApi.get(service, "/api/changes/" + id)).get("decisions");
    assertThat(decisions)
        .extracting(x -> x.get("standing").asString())
        .containsExactly("superseded", "counts");

    JsonNode superseded =
        TestApi.json(
            TestApi.get(service, "/api/approvals?deploymentIntent=" + id + "&status=superseded"));
    assertThat(superseded.get("approvals")).hasSize(1);
    JsonNode ended = superseded.get("approvals").get(0).get("ended");
    assertThat(ended.get("how").asString()).isEqualTo("superseded");
    assertThat(ended.get("supersededBy").asString()).isEqualTo(second.get("approvalId").asString());

    // The superseded decision has ended: it cannot be superseded again.
    HttpResponse<String> third =
        TestWorkflow.decide(
            service,
            id,
            "user:cab1",
            Role.CAB_APPROVER,
            """
            {"decision": "approve", "justification": "again", "supersedes": "%s"}
            """
                .formatted(first));
    TestApi.assertProblem(third, 409, "conflict");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_supersedesAnotherApproversDecision_409(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "high");
    String theirs = TestWorkflow.approve(service, id, "user:cab1").get("approvalId").asString();
    long before = TestWorkflow.treeSize(service);
    for (String supersedes : List.of(theirs, UUID.randomUUID().toString())) {
      HttpResponse<String> r =
          TestWorkflow.decide(
              service,
              id,
              "user:cab2",
              Role.CAB_APPROVER,
              """
              {"decision": "deny", "justification": "no", "supersedes": "%s"}
              """
                  .formatted(supersedes));
      TestApi.assertProblem(r, 409, "conflict");
    }
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_planHash_currentAcceptedOtherRefused(Backend backend) {
    TestService service = TestService.shared(backend);
    String plan = TestWorkflow.newPlanHash();
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, "acme", plan, "high");
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> other =
        TestWorkflow.decide(
            service,
            id,
            "user:cab1",
            Role.CAB_APPROVER,
            """
            {"decision": "approve", "justification": "ok", "planHash": "%s"}
            """
                .formatted(TestWorkflow.newPlanHash()));
    TestApi.assertProblem(other, 409, "conflict");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    JsonNode d =
        created(
            TestWorkflow.decide(
                service,
                id,
                "user:cab1",
                Role.CAB_APPROVER,
                """
                {"decision": "approve", "justification": "ok", "planHash": "%s"}
                """
                    .formatted(plan)));
    assertThat(d.get("planHash").asString()).isEqualTo(plan);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_sealedEvidence_entryCarriesPackIdAndHash(Backend backend) {
    TestService service = TestService.shared(backend);
    String plan = TestWorkflow.newPlanHash();
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, "acme", plan, "low");
    UUID pack = UUID.randomUUID();
    Digest hash = Digest.sha256("the evidence".getBytes(StandardCharsets.UTF_8));
    seal(service, id, plan, pack, hash);

    HttpResponse<String> unknown =
        TestWorkflow.decide(
            service,
            id,
            "user:cab1",
            Role.CAB_APPROVER,
            """
            {"decision": "approve", "justification": "ok", "evidencePackId": "%s"}
            """
                .formatted(UUID.randomUUID()));
    TestApi.assertProblem(unknown, 409, "conflict");
    JsonNode d =
        created(
            TestWorkflow.decide(
                service,
                id,
                "user:cab1",
                Role.CAB_APPROVER,
                """
                {"decision": "approve", "justification": "ok", "evidencePackId": "%s"}
                """
                    .formatted(pack)));
    assertThat(d.get("evidencePackId").asString()).isEqualTo(pack.toString());
    assertThat(d.get("evidenceHash").asString()).isEqualTo(hash.hex());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_otherTenantsChange_sameProblemAsMissing(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "low");
    String globex = service.token("user:g", Set.of(Role.CAB_APPROVER), Set.of("globex"), false);
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> hidden =
        service.post(
            "/api/changes/" + id + "/decisions", TestWorkflow.approveBody(), Optional.of(globex));
    HttpResponse<String> missing =
        service.post(
            "/api/changes/CR-nope-" + id + "/decisions",
            TestWorkflow.approveBody(),
            Optional.of(globex));
    TestApi.assertProblem(hidden, 404, "not-found");
    TestApi.assertProblem(missing, 404, "not-found");
    assertThat(hidden.body().replace(id, "X"))
        .isEqualTo(missing.body().replace("CR-nope-" + id, "X"));
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_sameIdempotencyKeyTwice_onceAppendedAndSameReceipt(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "low");
    String token = TestWorkflow.decider(service, "user:cab1", Role.CAB_APPROVER);
    String key = "decide-" + id;
    HttpResponse<String> first = post(service, id, TestWorkflow.approveBody(), token, key);
    long after = TestWorkflow.treeSize(service);
    HttpResponse<String> second = post(service, id, TestWorkflow.approveBody(), token, key);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    JsonNode a = TestWorkflow.json(first);
    JsonNode b = TestWorkflow.json(second);
    assertThat(b.get("approvalId").asString()).isEqualTo(a.get("approvalId").asString());
    assertThat(b.get("receipt").get("index").asLong())
        .isEqualTo(a.get("receipt").get("index").asLong());
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(after);
    HttpResponse<String> other =
        post(
            service, id, "{\"decision\": \"deny\", \"justification\": \"other body\"}", token, key);
    TestApi.assertProblem(other, 422, "idempotency-key-reused");
    // The same key and body on another change is another request.
    String otherChange = newChange(service, "low");
    assertThat(post(service, otherChange, TestWorkflow.approveBody(), token, key).statusCode())
        .isEqualTo(422);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_eightThreadsSameApprover_oneCreatedRestConflict(Backend backend) throws Exception {
    TestService service = SlowBatchService.shared(backend);
    String id = newChange(service, "low");
    String token = TestWorkflow.decider(service, "user:cab1", Role.CAB_APPROVER);
    List<HttpResponse<String>> answers =
        atOnce(
            8,
            n ->
                service.post(
                    "/api/changes/" + id + "/decisions",
                    TestWorkflow.approveBody(),
                    Optional.of(token)));
    assertThat(answers).filteredOn(r -> r.statusCode() == 201).hasSize(1);
    assertThat(answers)
        .filteredOn(r -> r.statusCode() != 201)
        .allSatisfy(r -> TestApi.assertProblem(r, 409, "conflict"));
    JsonNode change = TestApi.json(TestApi.get(service, "/api/changes/" + id));
    assertThat(change.get("decisions")).hasSize(1);
    assertThat(change.get("entries")).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_eightDistinctApproversAtOnce_eachCountedOnce(Backend backend) throws Exception {
    TestService service = SlowBatchService.shared(backend);
    // The case under test needs some of the eight in one batch (checked before any of them was
    // written). Whether they meet in one depends on when the threads reach the writer: a round
    // where each came alone is repeated with a new change, up to five rounds; every round's
    // change must count each approver once.
    boolean shared = false;
    for (int round = 0; round < 5 && !shared; round++) {
      String id = newChange(service, "high");
      List<HttpResponse<String>> answers =
          atOnce(
              8,
              n ->
                  TestWorkflow.decide(
                      service, id, "user:cab" + n, Role.CAB_APPROVER, TestWorkflow.approveBody()));
      assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(201));
      shared =
          answers.stream()
                  .map(r -> TestWorkflow.json(r).get("receipt").get("treeSize").asLong())
                  .distinct()
                  .count()
              < 8;
      JsonNode change = TestApi.json(TestApi.get(service, "/api/changes/" + id));
      assertThat(change.get("status").asString()).isEqualTo("approved");
      assertThat(change.get("decisions")).hasSize(8);
      assertThat(change.get("decisions"))
          .extracting(d -> d.get("standing").asString())
          .containsOnly("counts");
      assertThat(change.get("decisions"))
          .extracting(d -> d.get("approver").asString())
          .doesNotHaveDuplicates()
          .hasSize(8);
    }
    assertThat(shared).as("some round appended several of the eight in one batch").isTrue();
  }

  static Stream<String> badBodies() {
    String ok = "{\"decision\": \"approve\", \"justification\": \"fine\"";
    return Stream.of(
        "{",
        "[]",
        "",
        "{\"justification\": \"no decision\"}",
        "{\"decision\": \"approve\"}",
        "{\"decision\": \"approve\", \"justification\": \"  \"}",
        "{\"decision\": \"APPROVE\", \"justification\": \"fine\"}",
        "{\"decision\": \"approved\", \"justification\": \"fine\"}",
        "{\"decision\": 1, \"justification\": \"fine\"}",
        "{\"decision\": \"conditional\", \"justification\": \"fine\"}",
        "{\"decision\": \"conditional\", \"justification\": \"fine\", \"conditions\": []}",
        "{\"decision\": \"conditional\", \"justification\": \"fine\", \"conditions\": [\"\"]}",
        "{\"decision\": \"conditional\", \"justification\": \"fine\", \"conditions\": \"one\"}",
        ok + ", \"conditions\": [\"Ring 1\"]}",
        ok + ", \"environments\": [\"production\"]}",
        ok + ", \"notAfter\": \"2099-01-01T00:00:00Z\"}",
        "{\"decision\": \"deny\", \"justification\": \"no\", \"expiresAt\": \"2099-01-01T00:00:00Z\"}",
        "{\"decision\": \"deny\", \"justification\": \"no\", \"evidencePackId\": \""
            + UUID.randomUUID()
            + "\"}",
        ok + ", \"expiresAt\": \"2020-01-01T00:00:00Z\"}",
        ok + ", \"expiresAt\": \"" + Instant.now().plus(Duration.ofDays(91)) + "\"}",
        ok + ", \"expiresAt\": \"tomorrow\"}",
        ok + ", \"expiresAt\": \"2099-01-01T00:00:00\"}",
        ok + ", \"expiresAt\": \"2099-01-01T00:00:00.000001Z\"}",
        ok + ", \"expiresAt\": 1767225600}",
        "{\"decision\": \"conditional\", \"justification\": \"fine\", \"conditions\": [\"c\"],"
            + " \"notBefore\": \"2099-01-02T00:00:00Z\", \"notAfter\": \"2099-01-01T00:00:00Z\"}",
        ok + ", \"supersedes\": \"not-an-id\"}",
        ok + ", \"supersedes\": \"" + UUID.randomUUID().toString().toUpperCase() + "\"}",
        ok + ", \"evidencePackId\": \"123\"}",
        ok + ", \"planHash\": \"" + "A".repeat(64) + "\"}",
        ok + ", \"planHash\": \"" + "a".repeat(63) + "\"}",
        ok + ", \"approver\": \"user:someone-else\"}",
        ok + ", \"justification\": \"twice\"}",
        ok + ", \"justification\": \"" + "x".repeat(70_000) + "\"}");
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void decide_badBody_400AndNothingWritten(String body) {
    TestService service = TestService.shared(Backend.SQLITE);
    String id = acmeChange(service);
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r = TestWorkflow.decide(service, id, "user:cab1", Role.CAB_APPROVER, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_badBodyOnEitherBackend_400AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "low");
    long before = TestWorkflow.treeSize(service);
    for (String body :
        List.of(
            "{",
            "{\"decision\": \"maybe\", \"justification\": \"x\"}",
            "{\"decision\": \"approve\"}",
            "{\"decision\": \"approve\", \"justification\": \"x\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}",
            "{\"decision\": \"approve\", \"justification\": \"x\", \"planHash\": \"abc\"}")) {
      HttpResponse<String> r =
          TestWorkflow.decide(service, id, "user:cab1", Role.CAB_APPROVER, body);
      assertThat(r.statusCode()).as(body + ": " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/problem+json");
    }
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_requesterRole_403(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = newChange(service, "low");
    HttpResponse<String> r =
        service.post(
            "/api/changes/" + id + "/decisions",
            TestWorkflow.approveBody(),
            Optional.of(service.token("user:x", Role.REQUESTER, Role.AUDITOR)));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  // --- helpers ---

  private static String acmeChangeId;

  /** One change of client acme for the bad-body cases, which never write to it. */
  private static synchronized String acmeChange(TestService service) {
    if (acmeChangeId == null) {
      acmeChangeId = newChange(service, "low");
    }
    return acmeChangeId;
  }

  static String newChange(TestService service, String risk) {
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, "acme", TestWorkflow.newPlanHash(), risk);
    return id;
  }

  static JsonNode created(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestWorkflow.json(r);
  }

  /** Seals an evidence package for a change through the service's own write path. */
  static void seal(TestService service, String changeId, String plan, UUID pack, Digest hash) {
    Caller pipeline =
        new Caller("user:pipeline", Set.of(Role.REQUESTER), Set.of("acme"), true, "test");
    ChangeHistory history = service.app().getBean(ChangeRecords.class).find(changeId).orElseThrow();
    service
        .app()
        .getBean(ChangeWriter.class)
        .record(
            ChangeRecords.statement(
                changeId,
                new EvidenceSealed(history.client(), Digest.fromHex(plan), pack, hash),
                pipeline),
            EntryProjection.NONE,
            Optional.empty(),
            pipeline,
            "seal");
  }

  private static HttpResponse<String> post(
      TestService service, String changeId, String body, String token, String key) {
    return service.send(
        HttpRequest.newBuilder(service.uri("/api/changes/" + changeId + "/decisions"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "\"" + key + "\"")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** Runs {@code n} calls at once, released together. */
  static <T> List<T> atOnce(int n, IntFunction<T> call) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(
            threads.submit(
                () -> {
                  go.await();
                  return call.apply(k);
                }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    }
  }
}
