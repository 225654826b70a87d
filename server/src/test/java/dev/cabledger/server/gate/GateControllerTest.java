package dev.cabledger.server.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.GateVerdicts;
import dev.cabledger.core.bundle.VerifiedBundle;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.Policy;
import dev.cabledger.core.policy.Quorum;
import dev.cabledger.server.TcpProxy;
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
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/gate} over real HTTP, on both databases: for each rule of the policy, an approval
 * the rule forbids never yields APPROVED (and a control that it would otherwise); every answer is
 * logged as a {@code GATE_EVALUATED} entry of the change.
 */
class GateControllerTest {
  private static final String CLIENT = "acme";
  private static final Caller ALICE = TestDecisions.approver("user:alice");
  private static final Caller BOB = TestDecisions.approver("user:bob");
  private static final Caller ADMIN = TestDecisions.person("user:admin", Role.PLATFORM_ADMIN);

  /** A submitted change and its plan. */
  record Change(String id, String plan) {}

  static Change submit(TestService service, String risk) {
    Change c = new Change(TestWorkflow.newChangeId(), TestWorkflow.newPlanHash());
    TestWorkflow.submit(service, c.id(), CLIENT, c.plan(), risk);
    return c;
  }

  static HttpResponse<String> ask(
      TestService service, String change, String plan, Optional<String> environment) {
    String path =
        "/api/gate?change="
            + URLEncoder.encode(change, StandardCharsets.UTF_8)
            + "&planHash="
            + plan
            + environment
                .map(e -> "&environment=" + URLEncoder.encode(e, StandardCharsets.UTF_8))
                .orElse("");
    return service.get(path, Optional.of(TestWorkflow.requester(service, "user:deployer", CLIENT)));
  }

  /** The gate's answer for the change's own plan and environment. */
  static JsonNode gate(TestService service, Change c) {
    return TestApi.json(ask(service, c.id(), c.plan(), Optional.empty()));
  }

  static List<String> codes(JsonNode answer) {
    List<String> codes = new ArrayList<>();
    answer.get("reasons").forEach(r -> codes.add(r.get("code").asString()));
    return codes;
  }

  static void assertApproved(JsonNode answer) {
    assertThat(answer.get("decision").asString())
        .as(answer.get("reasons").toString())
        .isEqualTo("APPROVED");
    assertThat(answer.get("reasons")).isEmpty();
  }

  static void assertBlocked(JsonNode answer, String... codes) {
    assertThat(answer.get("decision").asString())
        .as(answer.get("reasons").toString())
        .isEqualTo("BLOCKED");
    assertThat(codes(answer)).as(answer.get("reasons").toString()).contains(codes);
  }

  /** The statement of the GATE_EVALUATED entry an answer's receipt names, from the log. */
  static GateEvaluated logged(TestService service, JsonNode answer) {
    long index = answer.get("receipt").get("index").asLong();
    JsonNode entry = TestApi.json(TestApi.get(service, "/api/ledger/entries/" + index));
    Statement s =
        Statement.parse(
            Envelope.parse(Base64.getDecoder().decode(entry.get("entry").asString())).payload());
    assertThat(s.subjectName()).isEqualTo(answer.get("change").asString());
    return (GateEvaluated) s.predicate().data();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_quorumMet_approvedWithItsApprovalCheckpointAndLoggedAnswer(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    UUID approval = TestDecisions.approve(service, c.id(), ALICE);

    JsonNode answer = gate(service, c);

    assertApproved(answer);
    assertThat(answer.get("environment").asString()).isEqualTo("production");
    assertThat(answer.get("planHash").asString()).isEqualTo(c.plan());
    JsonNode counted = answer.get("approvals").get(0);
    assertThat(counted.get("approvalId").asString()).isEqualTo(approval.toString());
    assertThat(counted.get("approver").asString()).isEqualTo("user:alice");
    assertThat(counted.get("approverRole").asString()).isEqualTo("CAB_APPROVER");
    assertThat(counted.has("expiresAt")).isTrue();
    assertThat(answer.get("conditions")).isEmpty();
    JsonNode checkpoint = answer.get("checkpoint");
    assertThat(checkpoint.get("size").asLong()).isGreaterThan(counted.get("entryIndex").asLong());
    assertThat(TestApi.verifiedCheckpoint(service, checkpoint.get("note").asString()).size())
        .isEqualTo(checkpoint.get("size").asLong());
    GateEvaluated logged = logged(service, answer);
    assertThat(logged.verdict()).isEqualTo(GateVerdict.APPROVED);
    assertThat(logged.planHash().hex()).isEqualTo(c.plan());
    assertThat(logged.environment()).isEqualTo("production");
    assertThat(logged.reasons()).isEmpty();
    assertThat(logged.policy()).contains(Policy.DEFAULT.applied());
  }

  @Test
  void gate_clientWithPoliciesOfItsOwn_logsThePolicyItApplied() throws Exception {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE);
        TestService service =
            TestService.start(
                db,
                "cab.workflow.expiry-interval=24h",
                "cab.workflow.exclude-pr-approvers=true",
                "cab.workflow.require-security-scan=false",
                "cab.workflow.quorum.high=3",
                "cab.workflow.clients." + CLIENT + ".quorum.low=2+1")) {
      Change c = submit(service, "low");
      TestDecisions.approve(service, c.id(), ALICE);

      JsonNode answer = gate(service, c);

      assertBlocked(answer, "missing-quorum");
      Policy applied =
          new Policy(Policy.DEFAULT.quorum(), true, false)
              .withQuorum(Risk.HIGH, new Quorum(3, 0))
              .withQuorum(Risk.LOW, new Quorum(2, 1));
      assertThat(logged(service, answer).policy()).contains(applied.applied());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_insideAFreezeOfTheClientAndEnvironment_blockedNamingIt(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    Change c = new Change(TestWorkflow.newChangeId(), TestWorkflow.newPlanHash());
    TestWorkflow.submit(service, c.id(), client, c.plan(), "low");
    TestDecisions.approve(service, c.id(), ALICE);
    assertApproved(gate(service, c, client));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant end = now.plus(Duration.ofHours(2));
    // Another environment, another client, and a freeze still to come: none holds this change now.
    TestFreezes.declare(
        service, TestFreezes.oneOff(List.of(client), List.of("staging"), now, end), client);
    String other = TestFreezes.newClient();
    TestFreezes.declare(
        service, TestFreezes.oneOff(List.of(other), List.of("production"), now, end), other);
    TestFreezes.declare(
        service,
        TestFreezes.oneOff(List.of(client), List.of("production"), end, end.plusSeconds(60)),
        client);
    assertApproved(gate(service, c, client));

    String freezeId =
        TestFreezes.declare(
                service,
                TestFreezes.oneOff(List.of(client), List.of("production"), now, end),
                client)
            .get("freezeId")
            .asString();
    JsonNode answer = gate(service, c, client);

    assertBlocked(answer, "freeze");
    assertThat(answer.get("reasons")).hasSize(1);
    assertThat(answer.get("reasons").get(0).get("text").asString())
        .isEqualTo(
            "freeze "
                + freezeId
                + " holds "
                + client
                + " in production from "
                + now
                + " until "
                + end
                + ": Release weekend");
    assertThat(logged(service, answer).reasons())
        .containsExactly("freeze: " + answer.get("reasons").get(0).get("text").asString());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_outsideARecurringFreezesWindows_approved(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    Change c = new Change(TestWorkflow.newChangeId(), TestWorkflow.newPlanHash());
    TestWorkflow.submit(service, c.id(), client, c.plan(), "low");
    TestDecisions.approve(service, c.id(), ALICE);
    // A window of a minute that began two hours ago, every day: not now.
    ZonedDateTime past = ZonedDateTime.now(ZoneOffset.UTC).minusHours(2);
    TestFreezes.declare(
        service,
        TestFreezes.recurring(
            List.of(client),
            List.of("production"),
            past.getMinute() + " " + past.getHour() + " * * *",
            "PT1M",
            "UTC"),
        client);
    assertApproved(gate(service, c, client));

    // Every minute for an hour: now.
    TestFreezes.declare(
        service,
        TestFreezes.recurring(List.of(client), List.of("production"), "* * * * *", "PT1H", "UTC"),
        client);
    assertBlocked(gate(service, c, client), "freeze");
  }

  @Test
  void gate_answersAroundAFreeze_rederiveOfflineFromTheBundle() throws Exception {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE);
        TestService service = TestService.start(db)) {
      String client = TestFreezes.newClient();
      Change c = new Change(TestWorkflow.newChangeId(), TestWorkflow.newPlanHash());
      TestWorkflow.submit(service, c.id(), client, c.plan(), "low");
      TestDecisions.approve(service, c.id(), ALICE);
      assertApproved(gate(service, c, client));
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      TestFreezes.declare(
          service,
          TestFreezes.oneOff(List.of(client), List.of("production"), now, now.plusSeconds(3600)),
          client);
      assertBlocked(gate(service, c, client), "freeze");

      HttpResponse<byte[]> bundle =
          service.sendForBytes(
              service
                  .request(
                      "/api/audit/bundle", Optional.of(service.token("user:audit", Role.AUDITOR)))
                  .build());
      VerifiedBundle verified =
          new BundleVerifier(Optional.of(TestApi.keys(service)))
              .verify(new ByteArrayInputStream(bundle.body()));

      assertThat(verified.gates()).isEqualTo(new GateVerdicts(2, 0, 0, List.of()));
    }
  }

  /** A low-risk change of a client, module and environment, approved by Alice. */
  private static Change approved(
      TestService service, String client, String module, String environment) {
    Change c = new Change(TestWorkflow.newChangeId(), TestWorkflow.newPlanHash());
    TestWorkflow.submitBody(
        service,
        client,
        TestWorkflow.changeBody(c.id(), client, c.plan(), "low")
            .replace("tf-aws-rds", module)
            .replace("production", environment));
    TestDecisions.approve(service, c.id(), ALICE);
    return c;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_anotherChangeAppliedToTheTarget_blocksTheStaleChangeAloneUntilItIsPlannedAgain(
      Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    String other = TestFreezes.newClient();
    Change applied = approved(service, client, "tf-aws-rds", "production");
    Change stale = approved(service, client, "tf-aws-rds", "production");
    Change otherModule = approved(service, client, "tf-aws-vpc", "production");
    Change otherEnvironment = approved(service, client, "tf-aws-rds", "staging");
    Change otherClient = approved(service, other, "tf-aws-rds", "production");
    assertApproved(gate(service, stale, client));

    HttpResponse<String> r =
        TestWorkflow.applied(service, applied.id(), client, applied.plan(), "production");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

    JsonNode blocked = gate(service, stale, client);
    assertBlocked(blocked, "target-changed");
    assertThat(codes(blocked)).containsExactly("target-changed");
    assertThat(blocked.get("reasons").get(0).get("text").asString())
        .startsWith("change " + applied.id() + " was applied to " + client + " module tf-aws-rds")
        .contains("(entry " + TestWorkflow.json(r).get("receipt").get("index").asLong() + ")");
    assertThat(logged(service, blocked).reasons().getFirst()).startsWith("target-changed: ");
    assertApproved(gate(service, otherModule, client));
    assertApproved(gate(service, otherEnvironment, client));
    assertApproved(gate(service, otherClient, other));
    assertApproved(gate(service, applied, client));

    String next = TestWorkflow.newPlanHash();
    assertThat(TestWorkflow.replan(service, stale.id(), client, next).statusCode()).isEqualTo(201);
    TestDecisions.approve(service, stale.id(), BOB);
    assertApproved(gate(service, new Change(stale.id(), next), client));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void applied_staleChange_409TargetChanged(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    Change first = approved(service, client, "tf-aws-rds", "production");
    Change second = approved(service, client, "tf-aws-rds", "production");
    assertThat(
            TestWorkflow.applied(service, first.id(), client, first.plan(), "production")
                .statusCode())
        .isEqualTo(201);

    HttpResponse<String> r =
        TestWorkflow.applied(service, second.id(), client, second.plan(), "production");

    TestApi.assertProblem(r, 409, "conflict");
    assertThat(TestWorkflow.json(r).get("detail").asString()).contains("target-changed");
  }

  /** The gate's answer for a change of a client of its own. */
  private static JsonNode gate(TestService service, Change c, String client) {
    String path = "/api/gate?change=" + c.id() + "&planHash=" + c.plan();
    return TestApi.json(
        service.get(path, Optional.of(TestWorkflow.requester(service, "user:deployer", client))));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_highRiskWithOneApproval_blockedUntilASecondApproverCounts(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "high");
    TestDecisions.approve(service, c.id(), ALICE);
    assertBlocked(gate(service, c), "missing-quorum");

    TestDecisions.approve(service, c.id(), BOB);
    JsonNode answer = gate(service, c);
    assertApproved(answer);
    assertThat(answer.get("approvals")).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_criticalWithoutSecurityReviewer_blockedUntilOneApproves(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "critical");
    TestDecisions.approve(service, c.id(), ALICE);
    TestDecisions.approve(service, c.id(), BOB);
    assertBlocked(gate(service, c), "missing-quorum");

    Caller reviewer = TestDecisions.person("user:sec", Role.SECURITY_REVIEWER);
    TestDecisions.approval(c.id(), reviewer).as(Role.SECURITY_REVIEWER).record(service);
    assertApproved(gate(service, c));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_requesterApprovesOwnChange_blocked(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    TestDecisions.approve(service, c.id(), TestDecisions.approver("user:pipeline"));

    JsonNode answer = gate(service, c);

    assertBlocked(answer, "missing-quorum");
    assertThat(answer.get("approvals")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_sameApproverTwiceOnHighRisk_countsOnceAndBlocks(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "high");
    TestDecisions.approve(service, c.id(), ALICE);
    TestDecisions.approve(service, c.id(), ALICE);

    JsonNode answer = gate(service, c);

    assertBlocked(answer, "missing-quorum");
    assertThat(answer.get("approvals")).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_approvalExpires_approvedThenBlockedExpired(Backend backend) throws Exception {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    Instant expires = Instant.now().plusSeconds(3);
    TestDecisions.approval(c.id(), ALICE).expiresAt(expires).record(service);
    assertApproved(gate(service, c));

    Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis() + 50));
    JsonNode answer = gate(service, c);

    assertBlocked(answer, "missing-quorum", "expired");
    assertThat(answer.get("approvals")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_approvalRevoked_blockedRevoked(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    UUID approval = TestDecisions.approve(service, c.id(), ALICE);
    assertApproved(gate(service, c));

    TestDecisions.revoke(service, c.id(), approval, ADMIN);

    assertBlocked(gate(service, c), "missing-quorum", "revoked");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_approvalSupersededByItsApproversDenial_blockedDenied(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    UUID approval = TestDecisions.approve(service, c.id(), ALICE);
    TestDecisions.deny(service, c.id(), ALICE, Optional.of(approval));

    JsonNode answer = gate(service, c);

    assertBlocked(answer, "denied", "missing-quorum");
    assertThat(answer.get("approvals")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_approvalSupersededByANarrowerOne_onlyTheNewOneCounts(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    UUID first = TestDecisions.approve(service, c.id(), ALICE);
    UUID second =
        TestDecisions.approval(c.id(), ALICE).environments("dr").supersedes(first).record(service);

    JsonNode answer = gate(service, c);

    assertBlocked(answer, "environment-not-allowed");
    assertThat(answer.get("approvals")).hasSize(1);
    assertThat(answer.get("approvals").get(0).get("approvalId").asString())
        .isEqualTo(second.toString());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_anotherApproverDenies_blockedDenied(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    TestDecisions.approve(service, c.id(), ALICE);
    TestDecisions.deny(service, c.id(), BOB, Optional.empty());

    assertBlocked(gate(service, c), "denied");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_approvalOfAnEarlierPlan_blocked(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    TestDecisions.approve(service, c.id(), ALICE);
    assertApproved(gate(service, c));
    String newPlan = TestWorkflow.newPlanHash();

    TestDecisions.replan(service, c.id(), newPlan);

    assertBlocked(TestApi.json(ask(service, c.id(), newPlan, Optional.empty())), "missing-quorum");
    assertBlocked(gate(service, c), "plan-hash-differs", "missing-quorum");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_scanFailedWithoutException_blockedUntilAnExceptionIsApproved(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = new Change(TestWorkflow.newChangeId(), TestWorkflow.newPlanHash());
    HttpResponse<String> submitted =
        service.post(
            "/api/changes",
            TestWorkflow.changeBody(c.id(), CLIENT, c.plan(), "low")
                .replace("\"securityScan\": \"passed\"", "\"securityScan\": \"failed\""),
            Optional.of(TestWorkflow.requester(service, "user:pipeline", CLIENT)));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
    TestDecisions.approve(service, c.id(), ALICE);
    assertBlocked(gate(service, c), "exception-missing");

    TestDecisions.exceptScan(
        service, c.id(), TestDecisions.person("user:sec", Role.SECURITY_REVIEWER));

    assertApproved(gate(service, c));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_anotherPlanFile_blockedPlanHashDiffers(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    TestDecisions.approve(service, c.id(), ALICE);
    String other = TestWorkflow.newPlanHash();

    JsonNode answer = TestApi.json(ask(service, c.id(), other, Optional.empty()));

    assertBlocked(answer, "plan-hash-differs");
    assertThat(codes(answer)).containsExactly("plan-hash-differs");
    GateEvaluated logged = logged(service, answer);
    assertThat(logged.planHash().hex()).isEqualTo(other);
    assertThat(logged.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(logged.reasons()).singleElement().asString().startsWith("plan-hash-differs: ");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_anotherEnvironmentThanTheChanges_blockedEnvironmentNotAllowed(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    TestDecisions.approve(service, c.id(), ALICE);

    JsonNode answer = TestApi.json(ask(service, c.id(), c.plan(), Optional.of("staging")));

    assertBlocked(answer, "environment-not-allowed");
    assertThat(answer.get("environment").asString()).isEqualTo("staging");
    assertThat(logged(service, answer).environment()).isEqualTo("staging");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_approvalAllowsOtherEnvironmentsOnly_blockedEnvironmentNotAllowed(Backend backend) {
    TestService service = TestService.shared(backend);
    Change narrow = submit(service, "low");
    TestDecisions.approval(narrow.id(), ALICE).environments("dr").record(service);
    assertBlocked(gate(service, narrow), "environment-not-allowed");

    Change allowed = submit(service, "low");
    TestDecisions.approval(allowed.id(), ALICE)
        .environments("production")
        .condition("apply in the maintenance window")
        .record(service);
    JsonNode answer = gate(service, allowed);
    assertApproved(answer);
    assertThat(answer.get("conditions").get(0).asString())
        .isEqualTo("apply in the maintenance window");
    assertThat(answer.get("approvals").get(0).get("conditions").get(0).asString())
        .isEqualTo("apply in the maintenance window");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_outsideTheApprovalsWindow_blockedOutsideWindow(Backend backend) {
    TestService service = TestService.shared(backend);
    Instant now = Instant.now();
    Change early = submit(service, "low");
    TestDecisions.approval(early.id(), ALICE)
        .window(Optional.of(now.plus(Duration.ofHours(1))), Optional.empty())
        .record(service);
    assertBlocked(gate(service, early), "outside-window");

    Change late = submit(service, "low");
    TestDecisions.approval(late.id(), ALICE)
        .window(
            Optional.of(now.minus(Duration.ofHours(2))),
            Optional.of(now.minus(Duration.ofHours(1))))
        .record(service);
    assertBlocked(gate(service, late), "outside-window");

    Change inside = submit(service, "low");
    TestDecisions.approval(inside.id(), ALICE)
        .window(
            Optional.of(now.minus(Duration.ofHours(1))), Optional.of(now.plus(Duration.ofHours(1))))
        .record(service);
    assertApproved(gate(service, inside));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_answers_stayOutOfThePolicyHistory(Backend backend) {
    // A pipeline polling the gate must not make every later read of the change longer.
    TestService service = TestService.shared(backend);
    Change c = submit(service, "high");
    for (int i = 0; i < 3; i++) {
      assertBlocked(gate(service, c), "missing-quorum");
    }
    assertThat(TestDecisions.history(service, c.id()).events())
        .singleElement()
        .satisfies(e -> assertThat(e.data()).isNotInstanceOf(GateEvaluated.class));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_blockedAttempts_appearInTheChangesHistory(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "high");
    JsonNode first = gate(service, c);
    JsonNode second =
        TestApi.json(ask(service, c.id(), TestWorkflow.newPlanHash(), Optional.empty()));
    assertBlocked(first, "missing-quorum");
    assertBlocked(second, "plan-hash-differs");

    JsonNode change = TestApi.json(TestApi.get(service, "/api/changes/" + c.id()));
    List<Long> gateEntries = new ArrayList<>();
    change
        .get("entries")
        .forEach(
            e -> {
              if (e.get("eventType").asString().equals("GATE_EVALUATED")) {
                assertThat(e.get("actor").asString()).isEqualTo("user:deployer");
                gateEntries.add(e.get("index").asLong());
              }
            });
    assertThat(gateEntries)
        .containsExactly(
            first.get("receipt").get("index").asLong(),
            second.get("receipt").get("index").asLong());
    assertThat(logged(service, first).reasons())
        .anySatisfy(r -> assertThat(r).startsWith("missing-quorum: "));
    // The answer names the last entry it assessed: the submission, not the earlier answer.
    long submitted = TestDecisions.history(service, c.id()).events().getFirst().index();
    assertThat(logged(service, second).historyThrough()).contains(submitted);
    // A blocked attempt changes nothing about the change itself.
    assertThat(change.get("status").asString()).isEqualTo("pending");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_changeNamesNoEnvironment_environmentRequired(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = new Change(TestWorkflow.newChangeId(), TestWorkflow.newPlanHash());
    HttpResponse<String> submitted =
        service.post(
            "/api/changes",
            TestWorkflow.changeBody(c.id(), CLIENT, c.plan(), "low")
                .replace("\"environment\": \"production\",", ""),
            Optional.of(TestWorkflow.requester(service, "user:pipeline", CLIENT)));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
    TestDecisions.approve(service, c.id(), ALICE);
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> refused = ask(service, c.id(), c.plan(), Optional.empty());

    TestApi.assertProblem(refused, 400, "invalid-request");
    assertThat(refused.body()).contains("environment");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    assertApproved(TestApi.json(ask(service, c.id(), c.plan(), Optional.of("eu-west"))));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_otherTenantsChange_sameProblemAsMissingAndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    String globex = service.token("user:g", Set.of(Role.REQUESTER), Set.of("globex"), false);
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> hidden =
        service.get("/api/gate?change=" + c.id() + "&planHash=" + c.plan(), Optional.of(globex));
    HttpResponse<String> missing =
        service.get(
            "/api/gate?change=CR-nope-" + c.id() + "&planHash=" + c.plan(), Optional.of(globex));

    TestApi.assertProblem(hidden, 404, "not-found");
    TestApi.assertProblem(missing, 404, "not-found");
    assertThat(hidden.body().replace(c.id(), "X"))
        .isEqualTo(missing.body().replace("CR-nope-" + c.id(), "X"));
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  static Stream<String> badQueries() {
    String plan = "a".repeat(64);
    return Stream.of(
        "planHash=" + plan,
        "change=&planHash=" + plan,
        "change=CR-1",
        "change=CR-1&planHash=",
        "change=CR-1&planHash=" + "A".repeat(64),
        "change=CR-1&planHash=" + "a".repeat(63),
        "change=CR-1&planHash=" + "g".repeat(64),
        "change=CR-1&planHash=" + plan + "&planHash=" + plan,
        "change=CR-1&planHash=" + plan + "&environment=",
        "change=CR-1&planHash=" + plan + "&environment=%20",
        "change=CR-1&planHash=" + plan + "&environment=prod%0A",
        "change=CR-1&planHash=" + plan + "&environment=" + "e".repeat(257),
        "change=CR%0A1&planHash=" + plan);
  }

  @ParameterizedTest
  @MethodSource("badQueries")
  void gate_badQuery_400AndNothingWritten(String query) {
    TestService service = TestService.shared(Backend.SQLITE);
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> r =
        service.get(
            "/api/gate?" + query,
            Optional.of(TestWorkflow.requester(service, "user:deployer", CLIENT)));

    TestApi.assertProblem(r, 400, "invalid-request");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_concurrentCallsOnOneChange_allApproved(Backend backend) throws Exception {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    TestDecisions.approve(service, c.id(), ALICE);
    List<Future<JsonNode>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 32; i++) {
        answers.add(pool.submit(() -> gate(service, c)));
      }
      // Each call appends to the change while the others read it: none may see another's
      // fresh entry as one the log does not prove.
      for (Future<JsonNode> a : answers) {
        assertApproved(a.get());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_answerCannotBeLogged_503AndNeverApproved(Backend backend) {
    TestService service = TestService.shared(backend);
    Change c = submit(service, "low");
    TestDecisions.approve(service, c.id(), ALICE);
    String trigger = "refuse_gate_" + c.id().substring(3).toLowerCase(Locale.ROOT);
    JdbcTemplate jdbc = service.db().jdbc();
    // The database refuses this change's GATE_EVALUATED row alone: the policy says APPROVED, and
    // the answer still must not reach the caller unlogged.
    String when = "NEW.change_id = '" + c.id() + "' AND NEW.event_type = 'GATE_EVALUATED'";
    if (backend == Backend.SQLITE) {
      jdbc.execute(
          "CREATE TRIGGER "
              + trigger
              + " BEFORE INSERT ON change_entry WHEN "
              + when
              + " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    } else {
      jdbc.execute(
          "CREATE FUNCTION "
              + trigger
              + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the"
              + " test'; END $$");
      jdbc.execute(
          "CREATE TRIGGER "
              + trigger
              + " BEFORE INSERT ON change_entry FOR EACH ROW WHEN ("
              + when
              + ") EXECUTE FUNCTION "
              + trigger
              + "()");
    }
    long before = TestWorkflow.treeSize(service);
    try {
      HttpResponse<String> refused = ask(service, c.id(), c.plan(), Optional.empty());

      TestApi.assertProblem(refused, 503, "ledger-unavailable");
      assertThat(refused.body()).doesNotContain("APPROVED");
      assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    } finally {
      jdbc.execute(
          backend == Backend.SQLITE
              ? "DROP TRIGGER " + trigger
              : "DROP TRIGGER " + trigger + " ON change_entry");
    }
    assertApproved(gate(service, c));
  }

  @Test
  void gate_postgresUnreachable_503ThenApprovedAgainWithoutRestart() throws Exception {
    try (TestDatabase db = TestDatabase.create(Backend.POSTGRESQL)) {
      URI server = URI.create(db.url().substring("jdbc:".length()));
      try (TcpProxy proxy =
              TcpProxy.to(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
          TestService service =
              TestService.start(
                  db,
                  "cab.db-url="
                      + db.url().replace(server.getAuthority(), "127.0.0.1:" + proxy.port()),
                  "cab.db-timeout=1s")) {
        Change c = submit(service, "low");
        TestDecisions.approve(service, c.id(), ALICE);
        assertApproved(gate(service, c));

        proxy.cut();
        HttpResponse<String> down = ask(service, c.id(), c.plan(), Optional.empty());
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(down.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(down.body()).doesNotContain("APPROVED");

        proxy.restore();
        HttpResponse<String> again = ask(service, c.id(), c.plan(), Optional.empty());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (again.statusCode() == 503 && System.nanoTime() < deadline) {
          Thread.sleep(200);
          again = ask(service, c.id(), c.plan(), Optional.empty());
        }
        assertApproved(TestApi.json(again));
      }
    }
  }
}
