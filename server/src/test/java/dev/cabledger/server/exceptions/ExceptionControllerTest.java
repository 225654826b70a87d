package dev.cabledger.server.exceptions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.ChangeReplanned;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestExceptions;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** {@code /api/exceptions} over real HTTP with real tokens, on both databases. */
class ExceptionControllerTest {
  private static final String APPROVE =
      """
      {"decision": "approve", "justification": "Patch fixes the flagged CVE itself",
       "compensatingControls": ["Network isolation"]}
      """;
  private static final String DENY =
      """
      {"decision": "deny", "justification": "The flagged CVE is exploitable here"}
      """;

  /** A change whose security scan failed: the policy wants a vulnerability_scan exception. */
  private static String failedScanChange(TestService service, String client) {
    String id = TestWorkflow.newChangeId();
    HttpResponse<String> r =
        service.post(
            "/api/changes",
            TestWorkflow.changeBody(id, client, TestWorkflow.newPlanHash(), "low")
                .replace("\"securityScan\": \"passed\"", "\"securityScan\": \"failed\""),
            Optional.of(TestWorkflow.requester(service, "user:pipeline", client)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return id;
  }

  private static JsonNode change(TestService service, String id) {
    return TestApi.json(TestApi.get(service, "/api/changes/" + id));
  }

  private static List<String> missingCodes(JsonNode change) {
    List<String> codes = new ArrayList<>();
    change.get("missing").forEach(m -> codes.add(m.get("code").asString()));
    return codes;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void request_validException_201WithSignedViewAndReceipt(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, changeId, "acme", TestWorkflow.newPlanHash(), "low");
    HttpResponse<String> r =
        service.post(
            "/api/exceptions",
            TestExceptions.requestBody(changeId, "cross_boundary"),
            Optional.of(TestWorkflow.requester(service, "user:release", "acme")));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode view = TestWorkflow.json(r);
    String id = view.get("exceptionId").asString();
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(r.headers().firstValue("Location")).contains("/api/exceptions/" + id);
    assertThat(view.get("changeRequestId").asString()).isEqualTo(changeId);
    assertThat(view.get("exceptionType").asString()).isEqualTo("cross_boundary");
    assertThat(view.get("state").asString()).isEqualTo("pending");
    assertThat(view.get("requestedBy").asString()).isEqualTo("user:release");
    assertThat(view.get("reason").asString()).startsWith("The scanner flags");
    assertThat(view.get("compensatingControls").get(1).asString()).isEqualTo("Enhanced monitoring");
    assertThat(view.get("decisions")).isEmpty();
    long index = view.get("receipt").get("index").asLong();
    assertThat(view.get("entryIndex").asLong()).isEqualTo(index);

    JsonNode read = TestApi.json(TestApi.get(service, "/api/exceptions/" + id));
    assertThat(read.get("exceptionId").asString()).isEqualTo(id);
    assertThat(read.get("planHash").asString()).isEqualTo(view.get("planHash").asString());
    assertThat(read.has("receipt")).isFalse();
    JsonNode onChange = change(service, changeId).get("exceptions").get(0);
    assertThat(onChange.get("exceptionId").asString()).isEqualTo(id);
    assertThat(onChange.get("state").asString()).isEqualTo("pending");
    assertThat(TestApi.get(service, "/api/ledger/entries/" + index).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void request_snakeCaseMembers_201(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, changeId, "acme", TestWorkflow.newPlanHash(), "low");
    String body =
        """
        {"change_request_id": "%s", "exception_type": "unsigned_package",
         "reason": "vendor ships unsigned", "compensating_controls": ["checksum pinned"]}
        """
            .formatted(changeId);
    HttpResponse<String> r =
        service.post(
            "/api/exceptions",
            body,
            Optional.of(TestWorkflow.requester(service, "user:pipeline", "acme")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode view = TestWorkflow.json(r);
    assertThat(view.get("exceptionType").asString()).isEqualTo("unsigned_package");
    assertThat(view.get("compensatingControls").get(0).asString()).isEqualTo("checksum pinned");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void request_sameIdempotencyKeyTwice_onceAppendedAndSameException(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, changeId, "acme", TestWorkflow.newPlanHash(), "low");
    String token = TestWorkflow.requester(service, "user:pipeline", "acme");
    String key = "exception-" + changeId;
    String body = TestExceptions.requestBody(changeId, "cross_boundary");
    HttpResponse<String> first = post(service, "/api/exceptions", body, token, key);
    long size = TestWorkflow.treeSize(service);
    HttpResponse<String> second = post(service, "/api/exceptions", body, token, key);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
    JsonNode a = TestWorkflow.json(first);
    JsonNode b = TestWorkflow.json(second);
    assertThat(b.get("exceptionId").asString()).isEqualTo(a.get("exceptionId").asString());
    assertThat(b.get("receipt").get("index").asLong())
        .isEqualTo(a.get("receipt").get("index").asLong());
    assertThat(change(service, changeId).get("exceptions")).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void request_otherTenantsChange_sameProblemAsMissingAndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, changeId, "acme", TestWorkflow.newPlanHash(), "low");
    String globex = TestWorkflow.requester(service, "user:g", "globex");
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> hidden =
        service.post(
            "/api/exceptions",
            TestExceptions.requestBody(changeId, "cross_boundary"),
            Optional.of(globex));
    HttpResponse<String> missing =
        service.post(
            "/api/exceptions",
            TestExceptions.requestBody("CR-nope-" + changeId, "cross_boundary"),
            Optional.of(globex));
    TestApi.assertProblem(hidden, 404, "not-found");
    TestApi.assertProblem(missing, 404, "not-found");
    assertThat(hidden.body().replace(changeId, "X"))
        .isEqualTo(missing.body().replace("CR-nope-" + changeId, "X"));
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  static Stream<String> badRequestBodies() {
    String ok = TestExceptions.requestBody("CR-bad", "cross_boundary");
    return Stream.of(
        "{",
        "[]",
        "",
        ok.replace("\"changeRequestId\": \"CR-bad\",", ""),
        ok.replace("\"CR-bad\"", "\"  \""),
        ok.replace("\"CR-bad\"", "42"),
        ok.replace("\"exceptionType\": \"cross_boundary\",", ""),
        ok.replace("cross_boundary", "CROSS_BOUNDARY"),
        ok.replace("cross_boundary", "sql_injection"),
        ok.replace(
            "\"reason\": \"The scanner flags CVE-2026-0001, which the patch itself fixes\",", ""),
        ok.replace("The scanner flags CVE-2026-0001, which the patch itself fixes", " "),
        ok.replace(
            "The scanner flags CVE-2026-0001, which the patch itself fixes", "x".repeat(4097)),
        ok.replace("\"reason\"", "\"reasons\""),
        ok.replace("[\"Network isolation\", \"Enhanced monitoring\"]", "\"Network isolation\""),
        ok.replace("\"Enhanced monitoring\"", "\"\""),
        ok.replace("\"Enhanced monitoring\"", "7"),
        ok.replace(
            "\"changeRequestId\": \"CR-bad\",",
            "\"changeRequestId\": \"CR-bad\", \"changeRequestId\": \"CR-2\","),
        ok.replace(
            "\"changeRequestId\": \"CR-bad\",",
            "\"changeRequestId\": \"CR-bad\", \"change_request_id\": \"CR-2\","));
  }

  @ParameterizedTest
  @MethodSource("badRequestBodies")
  void request_badBody_400AndNothingWritten(String body) {
    TestService service = TestService.shared(Backend.SQLITE);
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r =
        service.post(
            "/api/exceptions",
            body,
            Optional.of(TestWorkflow.requester(service, "user:pipeline", "acme")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void request_oversizedBody_413AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, changeId, "acme", TestWorkflow.newPlanHash(), "low");
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r =
        service.post(
            "/api/exceptions",
            TestExceptions.requestBody(changeId, "cross_boundary")
                .replace("The scanner flags", "x".repeat(1_100_000)),
            Optional.of(TestWorkflow.requester(service, "user:pipeline", "acme")));
    TestApi.assertProblem(r, 413, "body-too-large");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_approveScanException_changeNoLongerMissesIt(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = failedScanChange(service, "acme");
    assertThat(missingCodes(change(service, changeId))).contains("exception-missing");
    String id =
        TestExceptions.request(service, "user:pipeline", changeId, "acme", "vulnerability_scan")
            .get("exceptionId")
            .asString();
    assertThat(missingCodes(change(service, changeId))).contains("exception-missing");

    Instant before = Instant.now();
    HttpResponse<String> r = TestExceptions.decide(service, id, "user:sec", "acme", APPROVE);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode answer = TestWorkflow.json(r);
    JsonNode decision = answer.get("decision");
    assertThat(decision.get("decision").asString()).isEqualTo("approve");
    assertThat(decision.get("approver").asString()).isEqualTo("user:sec");
    assertThat(decision.get("approverRole").asString()).isEqualTo("SECURITY_REVIEWER");
    assertThat(decision.get("compensatingControls").get(0).asString())
        .isEqualTo("Network isolation");
    assertThat(decision.get("entryIndex").asLong())
        .isEqualTo(answer.get("receipt").get("index").asLong());
    // The default validity (cab.workflow.approval-validity, 30 days).
    assertThat(Instant.parse(decision.get("expiresAt").asString()))
        .isBetween(before.plus(Duration.ofDays(30)), Instant.now().plus(Duration.ofDays(30)));
    assertThat(answer.get("exception").get("state").asString()).isEqualTo("approved");

    JsonNode after = change(service, changeId);
    assertThat(after.get("exceptions").get(0).get("state").asString()).isEqualTo("approved");
    assertThat(missingCodes(after)).doesNotContain("exception-missing").contains("missing-quorum");
    JsonNode read = TestApi.json(TestApi.get(service, "/api/exceptions/" + id));
    assertThat(read.get("decisions").get(0).get("approvalId").asString())
        .isEqualTo(decision.get("approvalId").asString());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_snakeCaseMembers_201(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = failedScanChange(service, "acme");
    String id =
        TestExceptions.request(service, "user:pipeline", changeId, "acme", "vulnerability_scan")
            .get("exceptionId")
            .asString();
    Instant expiry = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
    String body =
        """
        {"decision": "approve", "justification": "patched upstream",
         "compensating_controls": ["WAF rule 942100"], "expires_at": "%s"}
        """
            .formatted(expiry);
    HttpResponse<String> r = TestExceptions.decide(service, id, "user:sec", "acme", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode decision = TestWorkflow.json(r).get("decision");
    assertThat(decision.get("compensatingControls").get(0).asString()).isEqualTo("WAF rule 942100");
    assertThat(decision.get("expiresAt").asString()).isEqualTo(expiry.toString());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_deny_exceptionDeniedAndStillMissing(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = failedScanChange(service, "acme");
    String id =
        TestExceptions.request(service, "user:pipeline", changeId, "acme", "vulnerability_scan")
            .get("exceptionId")
            .asString();
    HttpResponse<String> r = TestExceptions.decide(service, id, "user:sec", "acme", DENY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode decision = TestWorkflow.json(r).get("decision");
    assertThat(decision.get("decision").asString()).isEqualTo("deny");
    assertThat(decision.has("expiresAt")).isFalse();
    JsonNode after = change(service, changeId);
    assertThat(after.get("exceptions").get(0).get("state").asString()).isEqualTo("denied");
    assertThat(missingCodes(after)).contains("exception-missing");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_secondDecisionWhileFirstStands_409AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = failedScanChange(service, "acme");
    String id =
        TestExceptions.request(service, "user:pipeline", changeId, "acme", "vulnerability_scan")
            .get("exceptionId")
            .asString();
    assertThat(TestExceptions.decide(service, id, "user:sec", "acme", DENY).statusCode())
        .isEqualTo(201);
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> again = TestExceptions.decide(service, id, "user:sec2", "acme", APPROVE);
    TestApi.assertProblem(again, 409, "conflict");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    assertThat(change(service, changeId).get("exceptions").get(0).get("state").asString())
        .isEqualTo("denied");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_manyReviewersAtOnce_exactlyOneDecision(Backend backend) throws Exception {
    TestService service = TestService.shared(backend);
    String changeId = failedScanChange(service, "acme");
    String id =
        TestExceptions.request(service, "user:pipeline", changeId, "acme", "vulnerability_scan")
            .get("exceptionId")
            .asString();
    List<Thread> threads = new ArrayList<>();
    List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    for (int i = 0; i < 8; i++) {
      String token = TestExceptions.reviewer(service, "user:sec-" + i, "acme");
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    statuses.add(
                        service
                            .post(
                                "/api/exceptions/" + id + "/decisions", APPROVE, Optional.of(token))
                            .statusCode());
                  }));
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
    JsonNode read = TestApi.json(TestApi.get(service, "/api/exceptions/" + id));
    assertThat(read.get("decisions")).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_changeRequester_403SeparationOfDutiesAndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = failedScanChange(service, "acme");
    String id =
        TestExceptions.request(service, "user:release", changeId, "acme", "vulnerability_scan")
            .get("exceptionId")
            .asString();
    long before = TestWorkflow.treeSize(service);
    // user:pipeline submitted the change; here it also holds the reviewer role.
    HttpResponse<String> r = TestExceptions.decide(service, id, "user:pipeline", "acme", APPROVE);
    TestApi.assertProblem(r, 403, "separation-of-duties");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_exceptionRequester_403SeparationOfDutiesAndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = failedScanChange(service, "acme");
    String both =
        service.token(
            "user:dual", Set.of(Role.REQUESTER, Role.SECURITY_REVIEWER), Set.of("acme"), false);
    HttpResponse<String> requested =
        service.post(
            "/api/exceptions",
            TestExceptions.requestBody(changeId, "vulnerability_scan"),
            Optional.of(both));
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
    String id = TestWorkflow.json(requested).get("exceptionId").asString();
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r =
        service.post("/api/exceptions/" + id + "/decisions", APPROVE, Optional.of(both));
    TestApi.assertProblem(r, 403, "separation-of-duties");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decideAndRead_otherTenantOrUnknown_sameProblemAsMissing(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = failedScanChange(service, "acme");
    String id =
        TestExceptions.request(service, "user:pipeline", changeId, "acme", "vulnerability_scan")
            .get("exceptionId")
            .asString();
    String unknown = UUID.randomUUID().toString();
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> hidden = TestExceptions.decide(service, id, "user:g", "globex", APPROVE);
    HttpResponse<String> missing =
        TestExceptions.decide(service, unknown, "user:g", "globex", APPROVE);
    TestApi.assertProblem(hidden, 404, "not-found");
    TestApi.assertProblem(missing, 404, "not-found");
    assertThat(hidden.body().replace(id, "X")).isEqualTo(missing.body().replace(unknown, "X"));
    assertThat(hidden.body()).doesNotContain(changeId);
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);

    String globex = service.token("user:g", Set.of(Role.AUDITOR), Set.of("globex"), false);
    HttpResponse<String> hiddenRead = service.get("/api/exceptions/" + id, Optional.of(globex));
    HttpResponse<String> missingRead =
        service.get("/api/exceptions/" + unknown, Optional.of(globex));
    TestApi.assertProblem(hiddenRead, 404, "not-found");
    assertThat(hiddenRead.body().replace(id, "X"))
        .isEqualTo(missingRead.body().replace(unknown, "X"));
  }

  static Stream<String> badDecisionBodies() {
    return Stream.of(
        "{",
        "[]",
        "",
        "{\"justification\": \"why\"}",
        "{\"decision\": \"conditional\", \"justification\": \"why\"}",
        "{\"decision\": \"APPROVE\", \"justification\": \"why\"}",
        "{\"decision\": \"approve\"}",
        "{\"decision\": \"approve\", \"justification\": \" \"}",
        "{\"decision\": \"approve\", \"justification\": \"why\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}",
        "{\"decision\": \"approve\", \"justification\": \"why\", \"expiresAt\": \""
            + Instant.now().plus(Duration.ofDays(91))
            + "\"}",
        "{\"decision\": \"approve\", \"justification\": \"why\", \"expiresAt\": \"next week\"}",
        "{\"decision\": \"approve\", \"justification\": \"why\", \"expiresAt\": \"2099-13-01T00:00:00Z\"}",
        "{\"decision\": \"approve\", \"justification\": \"why\", \"expiresAt\": 1893456000}",
        "{\"decision\": \"deny\", \"justification\": \"why\", \"expiresAt\": \""
            + Instant.now().plus(Duration.ofDays(1))
            + "\"}",
        "{\"decision\": \"deny\", \"justification\": \"why\", \"compensatingControls\": [\"x\"]}",
        "{\"decision\": \"approve\", \"justification\": \"why\", \"conditions\": [\"x\"]}",
        "{\"decision\": \"approve\", \"justification\": \"why\", \"compensatingControls\": \"x\"}",
        "{\"decision\": \"approve\", \"justification\": \"why\", \"compensatingControls\": [\"x\"],"
            + " \"compensating_controls\": [\"y\"]}");
  }

  @ParameterizedTest
  @MethodSource("badDecisionBodies")
  void decide_badBody_400AndNothingWritten(String body) {
    TestService service = TestService.shared(Backend.SQLITE);
    String changeId = failedScanChange(service, "acme");
    String id =
        TestExceptions.request(service, "user:pipeline", changeId, "acme", "vulnerability_scan")
            .get("exceptionId")
            .asString();
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r = TestExceptions.decide(service, id, "user:sec", "acme", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    assertThat(change(service, changeId).get("exceptions").get(0).get("state").asString())
        .isEqualTo("pending");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decideAndRead_badId_400(Backend backend) {
    TestService service = TestService.shared(backend);
    for (String id : List.of("not-a-uuid", UUID.randomUUID().toString().toUpperCase())) {
      TestApi.assertProblem(
          TestExceptions.decide(service, id, "user:sec", "acme", APPROVE), 400, "invalid-request");
      TestApi.assertProblem(TestApi.get(service, "/api/exceptions/" + id), 400, "invalid-request");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_approvalPastItsExpiry_expiredAndDecidedAgain(Backend backend)
      throws InterruptedException {
    TestService service = TestService.shared(backend);
    String changeId = failedScanChange(service, "acme");
    String id =
        TestExceptions.request(service, "user:pipeline", changeId, "acme", "vulnerability_scan")
            .get("exceptionId")
            .asString();
    Instant soon = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
    String shortLived =
        "{\"decision\": \"approve\", \"justification\": \"one deploy window\", \"expiresAt\": \"%s\"}"
            .formatted(soon);
    HttpResponse<String> first = TestExceptions.decide(service, id, "user:sec", "acme", shortLived);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(TestWorkflow.json(first).get("decision").get("expiresAt").asString())
        .isEqualTo(soon.toString());
    Thread.sleep(Duration.between(Instant.now(), soon).plusMillis(300));

    JsonNode expired = change(service, changeId);
    assertThat(expired.get("exceptions").get(0).get("state").asString()).isEqualTo("expired");
    assertThat(missingCodes(expired)).contains("exception-missing");
    HttpResponse<String> again = TestExceptions.decide(service, id, "user:sec", "acme", APPROVE);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    assertThat(change(service, changeId).get("exceptions").get(0).get("state").asString())
        .isEqualTo("approved");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_afterRevocation_revokedAndDecidedAgain(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = failedScanChange(service, "acme");
    String id =
        TestExceptions.request(service, "user:pipeline", changeId, "acme", "vulnerability_scan")
            .get("exceptionId")
            .asString();
    HttpResponse<String> first = TestExceptions.decide(service, id, "user:sec", "acme", APPROVE);
    JsonNode decision = TestWorkflow.json(first).get("decision");
    String approvalId = decision.get("approvalId").asString();
    assertThat(TestExceptions.decide(service, id, "user:sec2", "acme", APPROVE).statusCode())
        .isEqualTo(409);

    revoke(service, changeId, approvalId, decision.get("decidedAt").asString());

    JsonNode read = TestApi.json(TestApi.get(service, "/api/exceptions/" + id));
    assertThat(read.get("state").asString()).isEqualTo("revoked");
    JsonNode ended = read.get("decisions").get(0).get("ended");
    assertThat(ended.get("how").asString()).isEqualTo("revoked");
    assertThat(ended.get("by").asString()).isEqualTo("user:admin");
    assertThat(ended.get("reason").asString()).isEqualTo("the CVE is exploited after all");
    HttpResponse<String> again = TestExceptions.decide(service, id, "user:sec2", "acme", DENY);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    assertThat(TestWorkflow.json(again).get("exception").get("state").asString())
        .isEqualTo("denied");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void decide_changeReplanned_409AndExceptionForOtherPlan(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = failedScanChange(service, "acme");
    String id =
        TestExceptions.request(service, "user:pipeline", changeId, "acme", "vulnerability_scan")
            .get("exceptionId")
            .asString();
    ChangeRecords records = service.app().getBean(ChangeRecords.class);
    ChangeHistory history = records.find(changeId).orElseThrow();
    service
        .app()
        .getBean(ChangeWriter.class)
        .record(
            ChangeRecords.statement(
                changeId,
                new ChangeReplanned(
                    new ClientId("acme"),
                    Digest.fromHex(TestWorkflow.newPlanHash()),
                    history.planHash(),
                    Optional.empty()),
                caller("user:pipeline", Role.REQUESTER)),
            EntryProjection.NONE,
            Optional.empty(),
            caller("user:pipeline", Role.REQUESTER),
            "replan");
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> r = TestExceptions.decide(service, id, "user:sec", "acme", APPROVE);

    TestApi.assertProblem(r, 409, "conflict");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    assertThat(TestApi.json(TestApi.get(service, "/api/exceptions/" + id)).get("state").asString())
        .isEqualTo("other-plan");
    assertThat(change(service, changeId).get("exceptions")).isEmpty();
  }

  /** Revokes as a platform admin would, with the approval_end row of the decisions feature. */
  private static void revoke(
      TestService service, String changeId, String approvalId, String decidedAt) {
    ChangeHistory history = service.app().getBean(ChangeRecords.class).find(changeId).orElseThrow();
    Caller admin = caller("user:admin", Role.PLATFORM_ADMIN);
    service
        .app()
        .getBean(ChangeWriter.class)
        .record(
            ChangeRecords.statement(
                changeId,
                new dev.cabledger.core.event.ApprovalRevoked(
                    UUID.fromString(approvalId),
                    history.client(),
                    history.planHash(),
                    admin.subject(),
                    "the CVE is exploited after all",
                    Instant.parse(decidedAt)),
                admin),
            EntryProjection.NONE,
            Optional.empty(),
            admin,
            "revoke");
  }

  private static Caller caller(String subject, Role role) {
    return new Caller(subject, Set.of(role), Set.of("acme"), false, "test");
  }

  private static HttpResponse<String> post(
      TestService service, String path, String body, String token, String key) {
    return service.send(
        HttpRequest.newBuilder(service.uri(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "\"" + key + "\"")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }
}
