package dev.cabledger.server.emergencies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.GateVerdicts;
import dev.cabledger.core.bundle.VerifiedBundle;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestChangeTypes;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestFreezes;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Emergency changes over real HTTP with real tokens, on both databases: one approver other than the
 * requester lets one through a freeze, the retrospective review it owes is listed while overdue,
 * and the gate's answers for change types re-derive offline from an exported bundle.
 */
class EmergencyControllerTest {
  /** A submitted change: its id, client and plan. */
  record Change(String id, String client, String plan) {}

  private static Change submit(TestService service, String client, boolean emergency) {
    Change c = new Change(TestWorkflow.newChangeId(), client, TestWorkflow.newPlanHash());
    TestWorkflow.submitBody(
        service,
        client,
        emergency
            ? TestChangeTypes.emergencyBody(c.id(), client, c.plan(), "high")
            : TestWorkflow.changeBody(c.id(), client, c.plan(), "low"));
    return c;
  }

  private static JsonNode gate(TestService service, Change c) {
    return TestApi.json(
        service.get(
            "/api/gate?change=" + c.id() + "&planHash=" + c.plan(),
            Optional.of(TestWorkflow.requester(service, "user:deployer", c.client()))));
  }

  private static String admin(TestService service, String client) {
    return TestChangeTypes.admin(service, "user:oncall-admin", client);
  }

  private static void freeze(TestService service, String client) {
    TestFreezes.declare(
        service,
        TestFreezes.oneOff(
            List.of(client),
            List.of("production"),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3600)),
        client);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_emergencyApprovedByOneAdmin_passesAFreezeThatBlocksANormalChange(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    freeze(service, client);
    Change normal = submit(service, client, false);
    TestWorkflow.approve(service, normal.id(), "user:alice");
    Change emergency = submit(service, client, true);

    HttpResponse<String> approved =
        TestChangeTypes.approveEmergency(
            service, emergency.id(), emergency.plan(), admin(service, client));

    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
    JsonNode view = TestWorkflow.json(approved);
    assertThat(view.get("approverRole").asString()).isEqualTo("PLATFORM_ADMIN");
    assertThat(view.get("emergencyReason").asString()).isEqualTo("the payment API is down");
    assertThat(view.get("status").asString()).isEqualTo("approved");
    JsonNode blocked = gate(service, normal);
    assertThat(blocked.get("decision").asString()).isEqualTo("BLOCKED");
    assertThat(blocked.get("reasons").get(0).get("code").asString()).isEqualTo("freeze");
    JsonNode passed = gate(service, emergency);
    assertThat(passed.get("decision").asString()).as(passed.toString()).isEqualTo("APPROVED");
    JsonNode rule = passed.get("approvedByRule");
    assertThat(rule.get("changeType").asString()).isEqualTo("emergency");
    assertThat(rule.get("approvedBy").asString()).isEqualTo("user:oncall-admin");
    assertThat(rule.get("summary").asString()).contains("the payment API is down");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_byTheRequester_403AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    Change c = new Change(TestWorkflow.newChangeId(), client, TestWorkflow.newPlanHash());
    String requesterAdmin =
        service.token(
            "user:hasty", Set.of(Role.REQUESTER, Role.PLATFORM_ADMIN), Set.of(client), false);
    HttpResponse<String> submitted =
        service.post(
            "/api/changes",
            TestChangeTypes.emergencyBody(c.id(), client, c.plan(), "high"),
            Optional.of(requesterAdmin));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> r =
        TestChangeTypes.approveEmergency(service, c.id(), c.plan(), requesterAdmin);

    TestApi.assertProblem(r, 403, "separation-of-duties");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    assertThat(gate(service, c).get("reasons").get(0).get("code").asString())
        .isEqualTo("missing-quorum");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_anotherPlanThanTheCurrent_409AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    Change c = submit(service, client, true);
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> r =
        TestChangeTypes.approveEmergency(
            service, c.id(), TestWorkflow.newPlanHash(), admin(service, client));

    TestApi.assertProblem(r, 409, "conflict");
    assertThat(TestWorkflow.json(r).get("detail").asString())
        .contains("an emergency approval is for the current plan");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    assertThat(gate(service, c).get("decision").asString()).isEqualTo("BLOCKED");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_normalChange_409AndEmergencyWithoutReason_400(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    Change normal = submit(service, client, false);

    HttpResponse<String> r =
        TestChangeTypes.approveEmergency(
            service, normal.id(), normal.plan(), admin(service, client));
    HttpResponse<String> noReason =
        service.post(
            "/api/changes",
            TestChangeTypes.emergencyBody(
                    TestWorkflow.newChangeId(), client, TestWorkflow.newPlanHash(), "high")
                .replace(
                    "\"emergencyReason\": \"the payment API is down\"",
                    "\"emergencyReason\": \" \""),
            Optional.of(TestWorkflow.requester(service, "user:pipeline", client)));

    TestApi.assertProblem(r, 409, "conflict");
    TestApi.assertProblem(noReason, 400, "invalid-request");
    assertThat(TestWorkflow.json(noReason).get("detail").asString())
        .contains("emergencyReason is required");
  }

  /**
   * With a review period of 0 days, an approved emergency's review is overdue at once: listed by
   * {@code reviewOverdue=true} until a CAB approver decides on it. Then the gate's answers of the
   * change types re-derive offline from the bundle.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void changes_reviewOverdue_listedUntilReviewedAndTheGatesRederiveOffline(Backend backend)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service =
            TestService.start(
                db, "cab.workflow.emergency-review-days=0", "cab.workflow.expiry-interval=24h")) {
      String client = TestFreezes.newClient();
      String auditor = service.token("user:auditor", Set.of(Role.AUDITOR), Set.of(client), false);
      freeze(service, client);
      Change emergency = submit(service, client, true);
      Change waiting = submit(service, client, true); // never approved: owes nothing
      assertThat(
              TestChangeTypes.approveEmergency(
                      service, emergency.id(), emergency.plan(), admin(service, client))
                  .statusCode())
          .isEqualTo(201);
      Thread.sleep(5); // past due: the review period is 0
      JsonNode overdue =
          TestApi.json(service.get("/api/changes?reviewOverdue=true", Optional.of(auditor)));
      assertThat(overdue.get("changes")).hasSize(1);
      JsonNode listed = overdue.get("changes").get(0);
      assertThat(listed.get("id").asString()).isEqualTo(emergency.id());
      assertThat(listed.get("changeType").get("review").get("overdue").asBoolean()).isTrue();
      assertThat(gate(service, emergency).get("decision").asString()).isEqualTo("APPROVED");
      assertThat(gate(service, waiting).get("decision").asString()).isEqualTo("BLOCKED");

      TestWorkflow.approve(service, emergency.id(), "user:cab-review");

      JsonNode after =
          TestApi.json(service.get("/api/changes?reviewOverdue=true", Optional.of(auditor)));
      assertThat(after.get("changes")).isEmpty();
      JsonNode view =
          TestApi.json(service.get("/api/changes/" + emergency.id(), Optional.of(auditor)));
      assertThat(view.get("changeType").get("review").get("reviewedBy").asString())
          .isEqualTo("user:cab-review");
      assertThat(view.get("changeType").get("review").get("overdue").asBoolean()).isFalse();

      // A standard change is approved by its template, but does not pass the freeze; in a client
      // without one, it is approved.
      String unfrozen = TestFreezes.newClient();
      for (String c : List.of(client, unfrozen)) {
        JsonNode template = TestChangeTypes.approvedTemplate(service, c, "medium");
        Change standard = new Change(TestWorkflow.newChangeId(), c, TestWorkflow.newPlanHash());
        TestWorkflow.submitBody(
            service,
            c,
            TestChangeTypes.standardBody(
                standard.id(), c, standard.plan(), "low", template.get("templateId").asString()));
        JsonNode answer = gate(service, standard);
        if (c.equals(client)) {
          assertThat(answer.get("reasons").get(0).get("code").asString()).isEqualTo("freeze");
        } else {
          assertThat(answer.get("decision").asString()).as(answer.toString()).isEqualTo("APPROVED");
        }
      }

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
      // The ledger check rebuilds every projection of these entries and finds them as stored.
      assertThat(service.app().getBean(LedgerAudit.class).run().findings()).isEmpty();
    }
  }
}
