package dev.cabledger.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.core.event.ExceptionType;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.SlowBatchService;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.storage.Backend;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/approvals/{id}/revoke}, on both databases. */
class RevocationControllerTest {
  private static final String REASON = "{\"reason\": \"Security incident discovered\"}";

  @ParameterizedTest
  @EnumSource(Backend.class)
  void revoke_cabApproval_201AndTheApprovalNoLongerCounts(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = DecisionControllerTest.newChange(service, "low");
    JsonNode approval = TestWorkflow.approve(service, id, "user:cab1");
    String approvalId = approval.get("approvalId").asString();

    HttpResponse<String> r = revoke(service, approvalId, REASON);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode a = TestWorkflow.json(r);
    assertThat(a.get("approvalId").asString()).isEqualTo(approvalId);
    assertThat(a.get("revokedBy").asString()).isEqualTo("user:admin");
    assertThat(a.get("revocationReason").asString()).isEqualTo("Security incident discovered");
    assertThat(a.get("originalApprovalDate").asString())
        .isEqualTo(approval.get("decidedAt").asString());
    assertThat(a.get("change").get("status").asString()).isEqualTo("pending");
    assertThat(a.get("receipt").get("index").asLong()).isPositive();

    JsonNode change = TestApi.json(TestApi.get(service, "/api/changes/" + id));
    assertThat(change.get("status").asString()).isEqualTo("pending");
    assertThat(change.get("decisions").get(0).get("standing").asString()).isEqualTo("revoked");
    assertThat(change.get("missing")).extracting(m -> m.get("code").asString()).contains("revoked");

    JsonNode listed =
        TestApi.json(
            TestApi.get(service, "/api/approvals?deploymentIntent=" + id + "&status=revoked"));
    JsonNode ended = listed.get("approvals").get(0).get("ended");
    assertThat(ended.get("how").asString()).isEqualTo("revoked");
    assertThat(ended.get("by").asString()).isEqualTo("user:admin");
    assertThat(ended.get("reason").asString()).isEqualTo("Security incident discovered");

    // Revoked, the approver may decide again without superseding it.
    TestWorkflow.approve(service, id, "user:cab1");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void revoke_exceptionApproval_201AndTheExceptionIsRevoked(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = DecisionControllerTest.newChange(service, "low");
    UUID exception = UUID.randomUUID();
    UUID approvalId = UUID.randomUUID();
    exceptionApproved(service, id, exception, approvalId);
    JsonNode before = TestApi.json(TestApi.get(service, "/api/changes/" + id));
    assertThat(before.get("exceptions").get(0).get("state").asString()).isEqualTo("approved");

    HttpResponse<String> r = revoke(service, approvalId.toString(), REASON);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode after = TestApi.json(TestApi.get(service, "/api/changes/" + id));
    assertThat(after.get("exceptions").get(0).get("state").asString()).isEqualTo("revoked");
    JsonNode listed = TestApi.json(TestApi.get(service, "/api/approvals?deploymentIntent=" + id));
    assertThat(listed.get("approvals").get(0).get("kind").asString()).isEqualTo("exception");
    assertThat(listed.get("approvals").get(0).get("ended").get("how").asString())
        .isEqualTo("revoked");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void revoke_endedOrDenial_409AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = DecisionControllerTest.newChange(service, "high");
    String approvalId = TestWorkflow.approve(service, id, "user:cab1").get("approvalId").asString();
    assertThat(revoke(service, approvalId, REASON).statusCode()).isEqualTo(201);
    JsonNode denial =
        DecisionControllerTest.created(
            TestWorkflow.decide(
                service,
                id,
                "user:cab2",
                Role.CAB_APPROVER,
                "{\"decision\": \"deny\", \"justification\": \"no\"}"));
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> again = revoke(service, approvalId, REASON);
    TestApi.assertProblem(again, 409, "conflict");
    assertThat(again.body()).contains("revoked");
    TestApi.assertProblem(
        revoke(service, denial.get("approvalId").asString(), REASON), 409, "conflict");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void revoke_eightAdminsAtOnce_oneRevocation(Backend backend) throws Exception {
    TestService service = SlowBatchService.shared(backend);
    String id = DecisionControllerTest.newChange(service, "low");
    String approvalId = TestWorkflow.approve(service, id, "user:cab1").get("approvalId").asString();
    List<HttpResponse<String>> answers =
        DecisionControllerTest.atOnce(
            8,
            n ->
                service.post(
                    "/api/approvals/" + approvalId + "/revoke",
                    REASON,
                    Optional.of(service.token("user:admin" + n, Role.PLATFORM_ADMIN))));
    assertThat(answers).filteredOn(r -> r.statusCode() == 201).hasSize(1);
    assertThat(answers)
        .filteredOn(r -> r.statusCode() != 201)
        .allSatisfy(r -> TestApi.assertProblem(r, 409, "conflict"));
    JsonNode change = TestApi.json(TestApi.get(service, "/api/changes/" + id));
    assertThat(change.get("entries"))
        .filteredOn(e -> e.get("eventType").asString().equals("APPROVAL_REVOKED"))
        .hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void revoke_unknownOrOtherTenantsApproval_sameProblem404(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = DecisionControllerTest.newChange(service, "low");
    String approvalId = TestWorkflow.approve(service, id, "user:cab1").get("approvalId").asString();
    String unknown = UUID.randomUUID().toString();
    String globex =
        service.token("user:admin", Set.of(Role.PLATFORM_ADMIN), Set.of("globex"), false);
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> hidden =
        service.post("/api/approvals/" + approvalId + "/revoke", REASON, Optional.of(globex));
    HttpResponse<String> missing =
        service.post("/api/approvals/" + unknown + "/revoke", REASON, Optional.of(globex));
    TestApi.assertProblem(hidden, 404, "not-found");
    TestApi.assertProblem(missing, 404, "not-found");
    assertThat(hidden.body().replace(approvalId, "X"))
        .isEqualTo(missing.body().replace(unknown, "X"));
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void revoke_badRequest_400AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = DecisionControllerTest.newChange(service, "low");
    String approvalId = TestWorkflow.approve(service, id, "user:cab1").get("approvalId").asString();
    long before = TestWorkflow.treeSize(service);
    for (String body :
        List.of("{", "", "{}", "{\"reason\": \"\"}", "{\"reason\": 7}", "{\"why\": \"x\"}")) {
      HttpResponse<String> r = revoke(service, approvalId, body);
      assertThat(r.statusCode()).as(body + ": " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/problem+json");
    }
    TestApi.assertProblem(revoke(service, "not-an-id", REASON), 400, "invalid-request");
    TestApi.assertProblem(
        revoke(service, approvalId.toUpperCase(), REASON), 400, "invalid-request");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void revoke_cabApprover_403(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = DecisionControllerTest.newChange(service, "low");
    String approvalId = TestWorkflow.approve(service, id, "user:cab1").get("approvalId").asString();
    HttpResponse<String> r =
        service.post(
            "/api/approvals/" + approvalId + "/revoke",
            REASON,
            Optional.of(service.token("user:cab1", Role.CAB_APPROVER)));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  static HttpResponse<String> revoke(TestService service, String approvalId, String body) {
    return service.post(
        "/api/approvals/" + approvalId + "/revoke",
        body,
        Optional.of(service.token("user:admin", Role.PLATFORM_ADMIN)));
  }

  /**
   * Records an exception request and a security reviewer's approval of it through the service's
   * write path, with the {@code approval} row the exceptions feature writes (kind {@code
   * exception}).
   */
  static void exceptionApproved(
      TestService service, String changeId, UUID exception, UUID approvalId) {
    exceptionApproved(service, changeId, exception, approvalId, Optional.empty());
  }

  static void exceptionApproved(
      TestService service,
      String changeId,
      UUID exception,
      UUID approvalId,
      Optional<Instant> expiry) {
    ChangeWriter writer = service.app().getBean(ChangeWriter.class);
    ChangeHistory history = service.app().getBean(ChangeRecords.class).find(changeId).orElseThrow();
    Caller requester = new Caller("user:pipeline", Set.of(Role.REQUESTER), Set.of(), true, "test");
    writer.record(
        ChangeRecords.statement(
            changeId,
            new ExceptionRequested(
                exception,
                history.client(),
                history.planHash(),
                ExceptionType.CROSS_BOUNDARY,
                "needs a peering",
                List.of("Network isolation")),
            requester),
        EntryProjection.NONE,
        Optional.empty(),
        requester,
        "request");
    Caller reviewer =
        new Caller("user:sec", Set.of(Role.SECURITY_REVIEWER), Set.of(), true, "test");
    var statement =
        ChangeRecords.statement(
            changeId,
            new ExceptionApproved(
                approvalId,
                exception,
                history.client(),
                history.planHash(),
                "user:sec",
                "SECURITY_REVIEWER",
                ExceptionType.CROSS_BOUNDARY,
                List.of("Network isolation"),
                "controls adequate",
                expiry),
            reviewer);
    Instant decidedAt = statement.predicate().createdAt().truncatedTo(ChronoUnit.MILLIS);
    writer.record(statement, EntryProjection.NONE, Optional.empty(), reviewer, "approve");
  }
}
