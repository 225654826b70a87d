package dev.cabledger.server.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestDecisions;
import dev.cabledger.server.TestFreezes;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** {@code /api/changes} over real HTTP with real tokens, on both databases. */
class ChangeControllerTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_validChange_201WithSignedViewAndReceipt(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    String plan = TestWorkflow.newPlanHash();
    JsonNode view = TestWorkflow.submit(service, id, "acme", plan, "high");

    assertThat(view.get("id").asString()).isEqualTo(id);
    assertThat(view.get("planHash").asString()).isEqualTo(plan);
    assertThat(view.get("requester").asString()).isEqualTo("user:pipeline");
    assertThat(view.get("status").asString()).isEqualTo("pending");
    assertThat(view.get("quorum").get("cabApprovers").asInt()).isEqualTo(2);
    assertThat(view.get("missing").get(0).get("code").asString()).isEqualTo("missing-quorum");
    assertThat(view.get("evidence").get("prApprovers").get(0).asString())
        .isEqualTo("user:pr-reviewer");
    assertThat(view.get("risk").get("factors").get(0).asString()).isEqualTo("database");
    long index = view.get("receipt").get("index").asLong();
    assertThat(view.get("entryIndex").asLong()).isEqualTo(index);

    JsonNode read = TestApi.json(TestApi.get(service, "/api/changes/" + id));
    assertThat(read.get("id").asString()).isEqualTo(id);
    assertThat(read.get("entries").get(0).get("eventType").asString())
        .isEqualTo("CHANGE_SUBMITTED");
    assertThat(read.has("receipt")).isFalse();
    assertThat(TestApi.get(service, "/api/ledger/entries/" + index).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_noId_generatesCrId(Backend backend) {
    TestService service = TestService.shared(backend);
    String body =
        TestWorkflow.changeBody("x", "acme", TestWorkflow.newPlanHash(), "low")
            .replace("\"id\": \"x\",", "");
    HttpResponse<String> r =
        service.post(
            "/api/changes",
            body,
            Optional.of(TestWorkflow.requester(service, "user:pipeline", "acme")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String id = TestWorkflow.json(r).get("id").asString();
    assertThat(id).matches("CR-[0-9a-f]{12}");
    assertThat(r.headers().firstValue("Location")).contains("/api/changes/" + id);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_idTaken_409AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, "acme", TestWorkflow.newPlanHash(), "low");
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> again =
        service.post(
            "/api/changes",
            TestWorkflow.changeBody(id, "acme", TestWorkflow.newPlanHash(), "low"),
            Optional.of(TestWorkflow.requester(service, "user:pipeline", "acme")));
    TestApi.assertProblem(again, 409, "conflict");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_sameIdempotencyKeyTwice_onceAppendedAndSameReceipt(Backend backend) {
    TestService service = TestService.shared(backend);
    String body = TestWorkflow.changeBody("x", "acme", TestWorkflow.newPlanHash(), "low");
    body = body.replace("\"id\": \"x\",", "");
    String token = TestWorkflow.requester(service, "user:pipeline", "acme");
    String key = "intake-" + TestWorkflow.newChangeId();
    HttpResponse<String> first = post(service, body, token, key);
    HttpResponse<String> second = post(service, body, token, key);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    JsonNode a = TestWorkflow.json(first);
    JsonNode b = TestWorkflow.json(second);
    assertThat(b.get("id").asString()).isEqualTo(a.get("id").asString());
    assertThat(b.get("receipt").get("index").asLong())
        .isEqualTo(a.get("receipt").get("index").asLong());
    HttpResponse<String> other = post(service, body.replace("\"low\"", "\"medium\""), token, key);
    TestApi.assertProblem(other, 422, "idempotency-key-reused");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void change_freezeInTheNextSevenDays_isWarnedAbout(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, client, TestWorkflow.newPlanHash(), "low");
    Instant soon = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
    String warned =
        TestFreezes.declare(
                service,
                TestFreezes.oneOff(
                    List.of(client), List.of("production"), soon, soon.plus(Duration.ofHours(6))),
                client)
            .get("freezeId")
            .asString();
    Instant later = soon.plus(Duration.ofDays(8));
    TestFreezes.declare(
        service,
        TestFreezes.oneOff(
            List.of(client), List.of("production"), later, later.plus(Duration.ofHours(6))),
        client);
    TestFreezes.declare(
        service,
        TestFreezes.oneOff(List.of(client), List.of("staging"), soon, soon.plusSeconds(60)),
        client);

    JsonNode warnings = TestWorkflow.json(read(service, id, client)).get("freezeWarnings");

    assertThat(warnings).hasSize(1);
    JsonNode w = warnings.get(0);
    assertThat(w.get("freezeId").asString()).isEqualTo(warned);
    assertThat(w.get("reason").asString()).isEqualTo("Release weekend");
    assertThat(w.get("environments").toString()).isEqualTo("[\"production\"]");
    assertThat(w.get("start").asString()).isEqualTo(soon.toString());
    assertThat(w.get("end").asString()).isEqualTo(soon.plus(Duration.ofHours(6)).toString());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void change_freezeInTheApprovedWindow_isWarnedAboutBeyondSevenDays(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, client, TestWorkflow.newPlanHash(), "low");
    Instant from = Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
    TestDecisions.approval(id, TestDecisions.approver("user:alice"))
        .window(Optional.of(from), Optional.of(from.plus(Duration.ofDays(1))))
        .record(service);
    assertThat(TestWorkflow.json(read(service, id, client)).get("freezeWarnings")).isEmpty();

    Instant freeze = from.plus(Duration.ofHours(12));
    TestFreezes.declare(
        service,
        TestFreezes.oneOff(
            List.of(client), List.of("production"), freeze, freeze.plus(Duration.ofDays(3))),
        client);
    TestFreezes.declare(
        service,
        TestFreezes.oneOff(
            List.of(client),
            List.of("production"),
            from.minus(Duration.ofDays(19)),
            from.minus(Duration.ofDays(18))),
        client);

    // Tomorrow's freeze is outside the window the approval allows: not warned about.
    JsonNode warnings = TestWorkflow.json(read(service, id, client)).get("freezeWarnings");

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).get("start").asString()).isEqualTo(freeze.toString());
  }

  private static HttpResponse<String> read(TestService service, String id, String client) {
    String token = service.token("user:reader", Set.of(Role.AUDITOR), Set.of(client), false);
    HttpResponse<String> r = service.get("/api/changes/" + id, Optional.of(token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void change_otherTenant_sameProblemAsMissing(Backend backend) {
    TestService service = TestService.shared(backend);
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, "acme", TestWorkflow.newPlanHash(), "low");
    String globex = service.token("user:g", Set.of(Role.AUDITOR), Set.of("globex"), false);
    HttpResponse<String> hidden = service.get("/api/changes/" + id, Optional.of(globex));
    HttpResponse<String> missing = service.get("/api/changes/CR-nope-" + id, Optional.of(globex));
    TestApi.assertProblem(hidden, 404, "not-found");
    TestApi.assertProblem(missing, 404, "not-found");
    assertThat(hidden.body().replace(id, "X"))
        .isEqualTo(missing.body().replace("CR-nope-" + id, "X"));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_clientOutsideScope_404AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r =
        service.post(
            "/api/changes",
            TestWorkflow.changeBody(
                TestWorkflow.newChangeId(), "globex", TestWorkflow.newPlanHash(), "low"),
            Optional.of(TestWorkflow.requester(service, "user:pipeline", "acme")));
    TestApi.assertProblem(r, 404, "not-found");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void changes_filters_onlyMatchingChangesInScope(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = "filter-" + TestWorkflow.newChangeId().toLowerCase();
    String critical = TestWorkflow.newChangeId();
    String low = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, critical, client, TestWorkflow.newPlanHash(), "critical");
    TestWorkflow.submit(service, low, client, TestWorkflow.newPlanHash(), "low");
    String scoped = service.token("user:a", Set.of(Role.AUDITOR), Set.of(client), false);

    JsonNode all = TestWorkflow.json(service.get("/api/changes", Optional.of(scoped)));
    assertThat(all.get("changes"))
        .extracting(c -> c.get("id").asString())
        .containsExactly(low, critical);
    JsonNode onlyCritical =
        TestWorkflow.json(
            service.get("/api/changes?riskLevel=critical&status=pending", Optional.of(scoped)));
    assertThat(onlyCritical.get("changes"))
        .extracting(c -> c.get("id").asString())
        .containsExactly(critical);
    JsonNode other =
        TestWorkflow.json(service.get("/api/changes?client=acme", Optional.of(scoped)));
    assertThat(other.get("changes")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void change_overridden_pendingWithTheOverrideInViewAndListUntilReplanned(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    String id = TestWorkflow.newChangeId();
    String plan = TestWorkflow.newPlanHash();
    TestWorkflow.submit(service, id, client, plan, "high");
    String admin =
        service.token("user:ops-lead", Set.of(Role.PLATFORM_ADMIN), Set.of(client), false);
    HttpResponse<String> made =
        service.post(
            "/api/changes/" + id + "/override",
            "{\"planHash\": \"" + plan + "\", \"reason\": \"INC-7: restore the database\"}",
            Optional.of(admin));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonNode entry = TestWorkflow.json(made);
    String reader = service.token("user:reader", Set.of(Role.AUDITOR), Set.of(client), false);

    JsonNode view = TestWorkflow.json(service.get("/api/changes/" + id, Optional.of(reader)));
    JsonNode listed =
        TestWorkflow.json(service.get("/api/changes?client=" + client, Optional.of(reader)))
            .get("changes")
            .get(0);

    for (JsonNode shown : List.of(view, listed)) {
      assertThat(shown.get("status").asString()).isEqualTo("pending");
      JsonNode override = shown.get("override");
      assertThat(override.get("overriddenBy").asString()).isEqualTo("user:ops-lead");
      assertThat(override.get("reason").asString()).isEqualTo("INC-7: restore the database");
      assertThat(override.get("overriddenAt").asString())
          .isEqualTo(entry.get("overriddenAt").asString());
      assertThat(override.get("entryIndex").asLong()).isEqualTo(entry.get("entryIndex").asLong());
    }
    JsonNode gate =
        TestWorkflow.json(
            service.get(
                "/api/gate?change=" + id + "&planHash=" + plan,
                Optional.of(TestWorkflow.requester(service, "user:deployer", client))));
    assertThat(gate.get("decision").asString()).isEqualTo("APPROVED");
    assertThat(gate.get("override").get("entryIndex").asLong())
        .isEqualTo(view.get("override").get("entryIndex").asLong());

    assertThat(TestWorkflow.replan(service, id, client, TestWorkflow.newPlanHash()).statusCode())
        .isEqualTo(201);

    JsonNode replanned = TestWorkflow.json(service.get("/api/changes/" + id, Optional.of(reader)));
    assertThat(replanned.has("override")).isFalse();
    assertThat(view.has("override")).isTrue();
  }

  static Stream<String> badQueries() {
    return Stream.of("status=done", "riskLevel=HIGH", "page=-1", "page=x");
  }

  @ParameterizedTest
  @MethodSource("badQueries")
  void changes_badQuery_400(String query) {
    TestService service = TestService.shared(Backend.SQLITE);
    HttpResponse<String> r = TestApi.get(service, "/api/changes?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
  }

  static Stream<String> badBodies() {
    String ok = TestWorkflow.changeBody("CR-bad", "acme", "a".repeat(64), "low");
    return Stream.of(
        ok.replace("\"planHash\": \"" + "a".repeat(64) + "\",", ""),
        ok.replace("a".repeat(64), "A".repeat(64)),
        ok.replace("a".repeat(64), "a".repeat(63)),
        ok.replace("\"low\"", "\"severe\""),
        ok.replace("\"low\"", "\"LOW\""),
        ok.replace("\"score\": 40", "\"score\": 101"),
        ok.replace("\"score\": 40", "\"score\": 40.5"),
        ok.replace("\"score\": 40", "\"score\": \"40\""),
        ok.replace("\"score\": 40", "\"score\": true"),
        ok.replace("\"client\": \"acme\",", ""),
        ok.replace("\"id\": \"CR-bad\"", "\"id\": \"bad id\""),
        ok.replace("\"title\"", "\"titel\""),
        ok.replace(
            "\"prApprovers\": [\"user:pr-reviewer\"]", "\"prApprovers\": \"user:pr-reviewer\""),
        ok.replace("\"id\": \"CR-bad\",", "\"id\": \"CR-bad\", \"id\": \"CR-bad2\","),
        "{",
        "[]");
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void submit_badBody_400AndNothingWritten(String body) {
    TestService service = TestService.shared(Backend.SQLITE);
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r =
        service.post(
            "/api/changes",
            body,
            Optional.of(TestWorkflow.requester(service, "user:pipeline", "acme")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_approverRole_403(Backend backend) {
    TestService service = TestService.shared(backend);
    String token = service.token("user:cab", Role.CAB_APPROVER);
    HttpResponse<String> r =
        service.post(
            "/api/changes",
            TestWorkflow.changeBody(
                TestWorkflow.newChangeId(), "acme", TestWorkflow.newPlanHash(), "low"),
            Optional.of(token));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  private static HttpResponse<String> post(
      TestService service, String body, String token, String key) {
    return service.send(
        HttpRequest.newBuilder(service.uri("/api/changes"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "\"" + key + "\"")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_oneInFlightPerTarget_409WhileAnotherIsInFlightForTheTarget(Backend backend)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db, "cab.workflow.one-in-flight-per-target=true")) {
      String first = TestWorkflow.newChangeId();
      String plan = TestWorkflow.newPlanHash();
      TestWorkflow.submit(service, first, "acme", plan, "low");
      String second = TestWorkflow.newChangeId();
      long size = TestWorkflow.treeSize(service);

      HttpResponse<String> refused =
          service.post(
              "/api/changes",
              TestWorkflow.changeBody(second, "acme", TestWorkflow.newPlanHash(), "low"),
              Optional.of(TestWorkflow.requester(service, "user:pipeline", "acme")));

      TestApi.assertProblem(refused, 409, "conflict");
      assertThat(TestWorkflow.json(refused).get("detail").asString())
          .contains("change " + first + " for acme module tf-aws-rds in production is in flight");
      assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
      String otherModule = TestWorkflow.newChangeId();
      TestWorkflow.submitBody(
          service,
          "acme",
          TestWorkflow.changeBody(otherModule, "acme", TestWorkflow.newPlanHash(), "low")
              .replace("tf-aws-rds", "tf-aws-vpc"));
      TestDecisions.approve(service, first, TestDecisions.approver("user:alice"));
      assertThat(TestWorkflow.applied(service, first, "acme", plan, "production").statusCode())
          .isEqualTo(201);
      TestWorkflow.submit(service, second, "acme", TestWorkflow.newPlanHash(), "low");
    }
  }
}
