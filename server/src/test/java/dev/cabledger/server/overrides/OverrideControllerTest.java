package dev.cabledger.server.overrides;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.GateVerdicts;
import dev.cabledger.core.bundle.VerifiedBundle;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestDecisions;
import dev.cabledger.server.TestFreezes;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/changes/{id}/override} and {@code GET /api/overrides} over real HTTP with real
 * tokens, on both databases, and the gate's answers around an override and an apply re-derived
 * offline.
 */
class OverrideControllerTest {
  private static final Caller ALICE = TestDecisions.approver("user:alice");

  /** A submitted high-risk change (blocked: no approval), its client (its own) and plan. */
  record Change(String id, String client, String plan) {}

  private static Change submit(TestService service) {
    Change c =
        new Change(TestWorkflow.newChangeId(), TestFreezes.newClient(), TestWorkflow.newPlanHash());
    TestWorkflow.submit(service, c.id(), c.client(), c.plan(), "high");
    return c;
  }

  private static HttpResponse<String> override(
      TestService service, Change c, String admin, String plan, String reason) {
    return service.post(
        "/api/changes/" + c.id() + "/override",
        "{\"planHash\": \"" + plan + "\", \"reason\": \"" + reason + "\"}",
        Optional.of(service.token(admin, Set.of(Role.PLATFORM_ADMIN), Set.of(c.client()), false)));
  }

  private static JsonNode gate(TestService service, Change c, String plan) {
    return TestApi.json(
        service.get(
            "/api/gate?change=" + c.id() + "&planHash=" + plan,
            Optional.of(TestWorkflow.requester(service, "user:deployer", c.client()))));
  }

  private static JsonNode list(TestService service, String query, String... clients) {
    return TestApi.json(
        service.get(
            "/api/overrides" + query,
            Optional.of(
                service.token("user:auditor", Set.of(Role.AUDITOR), Set.of(clients), false))));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void override_byAnotherAdmin_201AndTheGateApprovesThatPlanOnlyNamingIt(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);
    assertThat(gate(service, c, c.plan()).get("decision").asString()).isEqualTo("BLOCKED");

    HttpResponse<String> r = override(service, c, "user:admin", c.plan(), "the outage fix");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode made = TestWorkflow.json(r);
    assertThat(made.get("overriddenBy").asString()).isEqualTo("user:admin");
    assertThat(made.get("reason").asString()).isEqualTo("the outage fix");
    JsonNode answer = gate(service, c, c.plan());
    assertThat(answer.get("decision").asString()).isEqualTo("APPROVED");
    assertThat(answer.get("reasons")).isEmpty();
    JsonNode named = answer.get("override");
    assertThat(named.get("overriddenBy").asString()).isEqualTo("user:admin");
    assertThat(named.get("reason").asString()).isEqualTo("the outage fix");
    assertThat(named.get("entryIndex").asLong()).isEqualTo(made.get("entryIndex").asLong());
    assertThat(named.get("lifted").get(0).get("code").asString()).isEqualTo("missing-quorum");
    assertThat(logged(service, answer).reasons())
        .singleElement()
        .satisfies(
            reason ->
                assertThat(reason)
                    .startsWith("overridden: by user:admin in entry ")
                    .endsWith(", lifting missing-quorum: the outage fix"));
    JsonNode other = gate(service, c, TestWorkflow.newPlanHash());
    assertThat(other.get("decision").asString()).isEqualTo("BLOCKED");
    assertThat(other.has("override")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void override_byTheRequester_403AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);
    long size = TestWorkflow.treeSize(service);

    HttpResponse<String> r = override(service, c, "user:pipeline", c.plan(), "my own change");

    TestApi.assertProblem(r, 403, "separation-of-duties");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
    assertThat(gate(service, c, c.plan()).get("decision").asString()).isEqualTo("BLOCKED");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void override_anotherPlanOrNoReason_409Or400AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);
    long size = TestWorkflow.treeSize(service);

    HttpResponse<String> otherPlan =
        override(service, c, "user:admin", TestWorkflow.newPlanHash(), "wrong plan");
    HttpResponse<String> noReason = override(service, c, "user:admin", c.plan(), " ");

    TestApi.assertProblem(otherPlan, 409, "conflict");
    assertThat(TestWorkflow.json(otherPlan).get("detail").asString())
        .contains("an override is for the current plan");
    TestApi.assertProblem(noReason, 400, "invalid-request");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void overrides_listedForAuditorsInScopeSinceATime(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service);
    Instant before = Instant.now().minusSeconds(1);
    assertThat(override(service, c, "user:admin", c.plan(), "listed").statusCode()).isEqualTo(201);

    JsonNode mine = list(service, "?client=" + c.client() + "&since=" + before, c.client());
    JsonNode later =
        list(
            service,
            "?client=" + c.client() + "&since=" + Instant.now().plusSeconds(60),
            c.client());
    JsonNode others = list(service, "?client=" + c.client(), "globex");

    assertThat(mine.get("overrides")).hasSize(1);
    JsonNode o = mine.get("overrides").get(0);
    assertThat(o.get("change").asString()).isEqualTo(c.id());
    assertThat(o.get("planHash").asString()).isEqualTo(c.plan());
    assertThat(o.get("overriddenBy").asString()).isEqualTo("user:admin");
    assertThat(o.get("reason").asString()).isEqualTo("listed");
    assertThat(later.get("overrides")).isEmpty();
    assertThat(others.get("overrides")).isEmpty();
  }

  @Test
  void gate_answersAroundAnOverrideAndAnApply_rederiveOfflineFromTheBundle() throws Exception {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE);
        TestService service = TestService.start(db)) {
      Change c = submit(service);
      assertThat(gate(service, c, c.plan()).get("decision").asString()).isEqualTo("BLOCKED");
      assertThat(override(service, c, "user:admin", c.plan(), "outage").statusCode())
          .isEqualTo(201);
      assertThat(gate(service, c, c.plan()).get("decision").asString()).isEqualTo("APPROVED");
      Change stale = new Change(TestWorkflow.newChangeId(), c.client(), TestWorkflow.newPlanHash());
      TestWorkflow.submit(service, stale.id(), stale.client(), stale.plan(), "low");
      TestDecisions.approve(service, stale.id(), ALICE);
      assertThat(gate(service, stale, stale.plan()).get("decision").asString())
          .isEqualTo("APPROVED");
      HttpResponse<String> applied =
          TestWorkflow.applied(service, c.id(), c.client(), c.plan(), "production");
      assertThat(applied.statusCode()).as(applied.body()).isEqualTo(201);
      JsonNode blocked = gate(service, stale, stale.plan());
      assertThat(blocked.get("reasons").get(0).get("code").asString()).isEqualTo("target-changed");

      HttpResponse<byte[]> bundle =
          service.sendForBytes(
              service
                  .request(
                      "/api/audit/bundle", Optional.of(service.token("user:audit", Role.AUDITOR)))
                  .build());
      VerifiedBundle verified =
          new BundleVerifier(Optional.of(TestApi.keys(service)))
              .verify(new ByteArrayInputStream(bundle.body()));

      assertThat(verified.gates()).isEqualTo(new GateVerdicts(4, 0, 0, List.of()));
    }
  }

  /** The statement of the GATE_EVALUATED entry an answer's receipt names, from the log. */
  private static GateEvaluated logged(TestService service, JsonNode answer) {
    long index = answer.get("receipt").get("index").asLong();
    JsonNode entry = TestApi.json(TestApi.get(service, "/api/ledger/entries/" + index));
    Statement s =
        Statement.parse(
            Envelope.parse(Base64.getDecoder().decode(entry.get("entry").asString())).payload());
    return (GateEvaluated) s.predicate().data();
  }
}
