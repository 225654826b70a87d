package dev.cabledger.server.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestDecisions;
import dev.cabledger.server.TestFreezes;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/changes/{id}/plans} and {@code …/applied} over real HTTP with real tokens, on
 * both databases.
 */
class PlanControllerTest {
  private static final Caller ALICE = TestDecisions.approver("user:alice");
  private static final Caller BOB = TestDecisions.approver("user:bob");

  /** A submitted change, its client (one no other test uses) and its plan. */
  record Change(String id, String client, String plan) {}

  private static Change submit(TestService service) {
    Change c =
        new Change(TestWorkflow.newChangeId(), TestFreezes.newClient(), TestWorkflow.newPlanHash());
    TestWorkflow.submit(service, c.id(), c.client(), c.plan(), "low");
    return c;
  }

  private static JsonNode gate(TestService service, Change c, String plan) {
    return TestApi.json(
        service.get(
            "/api/gate?change=" + c.id() + "&planHash=" + plan,
            Optional.of(TestWorkflow.requester(service, "user:deployer", c.client()))));
  }

  private static JsonNode read(TestService service, Change c) {
    return TestApi.json(
        service.get(
            "/api/changes/" + c.id(),
            Optional.of(TestWorkflow.requester(service, "user:reader", c.client()))));
  }

  private static String codes(JsonNode answer) {
    StringBuilder out = new StringBuilder();
    answer.get("reasons").forEach(r -> out.append(r.get("code").asString()).append(' '));
    return out.toString().trim();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void replan_approvedChange_201AndTheGateBlocksOldAndNewPlanUntilReapproved(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);
    TestDecisions.approve(service, c.id(), ALICE);
    assertThat(gate(service, c, c.plan()).get("decision").asString()).isEqualTo("APPROVED");
    String next = TestWorkflow.newPlanHash();

    HttpResponse<String> r = TestWorkflow.replan(service, c.id(), c.client(), next);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode view = TestWorkflow.json(r);
    assertThat(view.get("planHash").asString()).isEqualTo(next);
    assertThat(view.get("status").asString()).isEqualTo("pending");
    assertThat(view.get("receipt").get("index").asLong()).isPositive();
    JsonNode old = gate(service, c, c.plan());
    assertThat(old.get("decision").asString()).isEqualTo("BLOCKED");
    assertThat(codes(old)).isEqualTo("plan-hash-differs missing-quorum");
    JsonNode fresh = gate(service, c, next);
    assertThat(fresh.get("decision").asString()).isEqualTo("BLOCKED");
    assertThat(codes(fresh)).isEqualTo("missing-quorum");

    TestDecisions.approve(service, c.id(), BOB);

    assertThat(gate(service, c, next).get("decision").asString()).isEqualTo("APPROVED");
    assertThat(codes(gate(service, c, c.plan()))).isEqualTo("plan-hash-differs");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void replan_theCurrentPlan_409AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);
    long size = TestWorkflow.treeSize(service);

    HttpResponse<String> r = TestWorkflow.replan(service, c.id(), c.client(), c.plan());

    TestApi.assertProblem(r, 409, "conflict");
    assertThat(TestWorkflow.json(r).get("detail").asString()).contains("already change " + c.id());
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void replan_byAnotherRequesterOfTheClient_403AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);
    long size = TestWorkflow.treeSize(service);

    HttpResponse<String> r =
        service.post(
            "/api/changes/" + c.id() + "/plans",
            "{\"planHash\": \"" + TestWorkflow.newPlanHash() + "\"}",
            Optional.of(TestWorkflow.requester(service, "user:other-pipeline", c.client())));

    TestApi.assertProblem(r, 403, "not-change-requester");
    assertThat(TestWorkflow.json(r).get("detail").asString())
        .contains("submitted by user:pipeline");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
    assertThat(read(service, c).get("planHash").asString()).isEqualTo(c.plan());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void replan_byPlatformAdmin_201AndTheNewPlanIsCurrent(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);
    String next = TestWorkflow.newPlanHash();

    HttpResponse<String> r =
        service.post(
            "/api/changes/" + c.id() + "/plans",
            "{\"planHash\": \"" + next + "\"}",
            Optional.of(TestFreezes.admin(service, c.client())));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(read(service, c).get("planHash").asString()).isEqualTo(next);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void replan_badHashOrOtherTenant_400Or404(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);

    HttpResponse<String> bad = TestWorkflow.replan(service, c.id(), c.client(), "ABC");
    HttpResponse<String> hidden =
        service.post(
            "/api/changes/" + c.id() + "/plans",
            "{\"planHash\": \"" + TestWorkflow.newPlanHash() + "\"}",
            Optional.of(TestWorkflow.requester(service, "user:pipeline", "globex")));

    TestApi.assertProblem(bad, 400, "invalid-request");
    assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void applied_approvedCurrentPlan_201AppliedThenRefusedAgainAndRePlanRefused(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);
    TestDecisions.approve(service, c.id(), ALICE);

    HttpResponse<String> r =
        TestWorkflow.applied(service, c.id(), c.client(), c.plan(), "production");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(TestWorkflow.json(r).get("status").asString()).isEqualTo("applied");
    assertThat(read(service, c).get("status").asString()).isEqualTo("applied");
    long size = TestWorkflow.treeSize(service);
    HttpResponse<String> again =
        TestWorkflow.applied(service, c.id(), c.client(), c.plan(), "production");
    HttpResponse<String> replan =
        TestWorkflow.replan(service, c.id(), c.client(), TestWorkflow.newPlanHash());
    TestApi.assertProblem(again, 409, "conflict");
    assertThat(TestWorkflow.json(again).get("detail").asString())
        .contains("already recorded as applied");
    TestApi.assertProblem(replan, 409, "conflict");
    assertThat(TestWorkflow.json(replan).get("detail").asString()).contains("was applied");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void applied_unapprovedPlan_409NamingTheGatesReasonsAndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);
    long size = TestWorkflow.treeSize(service);

    HttpResponse<String> r =
        TestWorkflow.applied(service, c.id(), c.client(), c.plan(), "production");

    TestApi.assertProblem(r, 409, "conflict");
    assertThat(TestWorkflow.json(r).get("detail").asString())
        .contains("may not be applied to production: the gate blocks it (missing-quorum: ");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
    assertThat(read(service, c).get("status").asString()).isEqualTo("pending");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void applied_anotherPlanOrEnvironment_409AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);
    TestDecisions.approve(service, c.id(), ALICE);
    long size = TestWorkflow.treeSize(service);

    HttpResponse<String> otherPlan =
        TestWorkflow.applied(service, c.id(), c.client(), TestWorkflow.newPlanHash(), "production");
    HttpResponse<String> otherEnvironment =
        TestWorkflow.applied(service, c.id(), c.client(), c.plan(), "staging");

    TestApi.assertProblem(otherPlan, 409, "conflict");
    assertThat(TestWorkflow.json(otherPlan).get("detail").asString())
        .contains("only the current plan can be applied");
    TestApi.assertProblem(otherEnvironment, 409, "conflict");
    assertThat(TestWorkflow.json(otherEnvironment).get("detail").asString())
        .contains("environment-not-allowed");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
  }
}
