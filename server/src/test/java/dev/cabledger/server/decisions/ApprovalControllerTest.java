package dev.cabledger.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/approvals}: the audit schema's queries, answered from the signed entries. */
class ApprovalControllerTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approvals_byChangeAndStatus_theQueriesOfTheAuditSchema(Backend backend) throws Exception {
    TestService service = TestService.shared(backend);
    String id = DecisionControllerTest.newChange(service, "high");
    String cab1 = TestWorkflow.approve(service, id, "user:cab1").get("approvalId").asString();
    String cab2 =
        DecisionControllerTest.created(
                TestWorkflow.decide(
                    service,
                    id,
                    "user:cab2",
                    Role.CAB_APPROVER,
                    """
                    {"decision": "conditional", "justification": "limited",
                     "conditions": ["Ring 1 only"]}
                    """))
            .get("approvalId")
            .asString();
    String cab3 =
        DecisionControllerTest.created(
                TestWorkflow.decide(
                    service,
                    id,
                    "user:cab3",
                    Role.CAB_APPROVER,
                    "{\"decision\": \"deny\", \"justification\": \"no\"}"))
            .get("approvalId")
            .asString();
    String soon = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS).toString();
    String cab4 =
        DecisionControllerTest.created(
                TestWorkflow.decide(
                    service,
                    id,
                    "user:cab4",
                    Role.CAB_APPROVER,
                    """
                    {"decision": "approve", "justification": "short", "expiresAt": "%s"}
                    """
                        .formatted(soon)))
            .get("approvalId")
            .asString();
    assertThat(
            RevocationControllerTest.revoke(service, cab1, "{\"reason\": \"incident\"}")
                .statusCode())
        .isEqualTo(201);
    Thread.sleep(Duration.ofMillis(1_500));

    assertThat(ids(service, "deploymentIntent=" + id)).containsExactly(cab4, cab3, cab2, cab1);
    assertThat(ids(service, "deploymentIntent=" + id + "&status=valid")).containsExactly(cab2);
    assertThat(ids(service, "deploymentIntent=" + id + "&status=approved"))
        .containsExactly(cab4, cab1);
    assertThat(ids(service, "deploymentIntent=" + id + "&status=conditional"))
        .containsExactly(cab2);
    assertThat(ids(service, "deploymentIntent=" + id + "&status=denied")).containsExactly(cab3);
    assertThat(ids(service, "deploymentIntent=" + id + "&status=revoked")).containsExactly(cab1);
    assertThat(ids(service, "deploymentIntent=" + id + "&expired=true")).containsExactly(cab4);
    assertThat(ids(service, "deploymentIntent=" + id + "&expired=false"))
        .containsExactly(cab3, cab2, cab1);

    JsonNode conditional =
        TestApi.json(
                TestApi.get(service, "/api/approvals?deploymentIntent=" + id + "&status=valid"))
            .get("approvals")
            .get(0);
    assertThat(conditional.get("approver").asString()).isEqualTo("user:cab2");
    assertThat(conditional.get("decision").asString()).isEqualTo("conditional");
    assertThat(conditional.get("conditions").get(0).asString()).isEqualTo("Ring 1 only");
    assertThat(conditional.has("ended")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approvals_byApproverSince_onlyTheirsFromThen(Backend backend) throws Exception {
    TestService service = TestService.shared(backend);
    String approver = "user:" + TestWorkflow.newChangeId().toLowerCase();
    String early =
        TestWorkflow.approve(service, DecisionControllerTest.newChange(service, "low"), approver)
            .get("approvalId")
            .asString();
    Thread.sleep(20);
    Instant between = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Thread.sleep(20);
    String late =
        TestWorkflow.approve(service, DecisionControllerTest.newChange(service, "low"), approver)
            .get("approvalId")
            .asString();
    TestWorkflow.approve(service, DecisionControllerTest.newChange(service, "low"), "user:other");

    String by = "approver=" + URLEncoder.encode(approver, StandardCharsets.UTF_8);
    assertThat(ids(service, by)).containsExactly(late, early);
    assertThat(ids(service, by + "&since=" + between)).containsExactly(late);
    // The same moment written with an offset.
    String offset = between.plus(Duration.ofHours(2)).toString().replace("Z", "%2B02:00");
    assertThat(ids(service, by + "&since=" + offset)).containsExactly(late);
    assertThat(ids(service, by + "&since=" + Instant.now().plus(Duration.ofHours(1)))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approvals_otherTenant_notListed(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = DecisionControllerTest.newChange(service, "low");
    TestWorkflow.approve(service, id, "user:cab1");
    String globex = service.token("user:g", Set.of(Role.AUDITOR), Set.of("globex"), false);
    String acme = service.token("user:a", Set.of(Role.AUDITOR), Set.of("acme"), false);
    JsonNode hidden =
        TestWorkflow.json(
            service.get("/api/approvals?deploymentIntent=" + id, Optional.of(globex)));
    JsonNode seen =
        TestWorkflow.json(service.get("/api/approvals?deploymentIntent=" + id, Optional.of(acme)));
    assertThat(hidden.get("approvals")).isEmpty();
    assertThat(seen.get("approvals")).hasSize(1);
  }

  @Test
  void approvals_projectionColumnTampered_listsWhatTheEntrySays() throws Exception {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE);
        TestService service = TestService.start(db)) {
      String id = DecisionControllerTest.newChange(service, "low");
      String approvalId =
          TestWorkflow.approve(service, id, "user:cab1").get("approvalId").asString();
      // As an intruder with database access would (SQLite's trigger of the approval table).
      db.jdbc().execute("DROP TRIGGER approval_no_update");
      db.jdbc()
          .update(
              "UPDATE approval SET approver = 'user:mallory' WHERE approval_id = ?", approvalId);
      // The column still selects the row, but what is shown is the signed approver.
      JsonNode listed = TestApi.json(TestApi.get(service, "/api/approvals?approver=user:mallory"));
      assertThat(listed.get("approvals").get(0).get("approvalId").asString()).isEqualTo(approvalId);
      assertThat(listed.get("approvals").get(0).get("approver").asString()).isEqualTo("user:cab1");
    }
  }

  static Stream<String> badQueries() {
    return Stream.of(
        "status=done",
        "status=APPROVED",
        "since=yesterday",
        "since=2026-01-01",
        "expired=maybe",
        "page=-1",
        "page=x");
  }

  @ParameterizedTest
  @MethodSource("badQueries")
  void approvals_badQuery_400(String query) {
    TestService service = TestService.shared(Backend.SQLITE);
    HttpResponse<String> r = TestApi.get(service, "/api/approvals?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approvals_requester_403(Backend backend) {
    TestService service = TestService.shared(backend);
    HttpResponse<String> r =
        service.get("/api/approvals", Optional.of(service.token("user:p", Role.REQUESTER)));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  private static java.util.List<String> ids(TestService service, String query) {
    JsonNode page = TestApi.json(TestApi.get(service, "/api/approvals?" + query));
    return page.get("approvals").valueStream().map(a -> a.get("approvalId").asString()).toList();
  }
}
