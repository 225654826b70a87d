package dev.cabledger.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestApproverKeys;
import dev.cabledger.server.TestChangeTypes;
import dev.cabledger.server.TestEvidence;
import dev.cabledger.server.TestExceptions;
import dev.cabledger.server.TestFreezes;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.AccessTable.Rule;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks the whole authorization table with real tokens of the local issuer, on both databases: for
 * every rule, anonymously and for every role with an in-tenant, an out-of-tenant and an all-client
 * principal. And fails when the service has an endpoint the table does not list.
 */
class AccessTableTest {
  private static final String CLIENT = "acme";
  private static final String OTHER_CLIENT = "globex";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * A request for a rule: its path, and a body for a write. Built per call, so that a write that
   * succeeds has fresh state to act on (a new change to submit or decide).
   */
  record Sample(String path, Optional<String> body) {
    static Sample get(String path) {
      return new Sample(path, Optional.empty());
    }
  }

  /** A concrete request for each rule of the table; {@code {acme}} is an entry of client acme. */
  private static final Map<String, Function<TestService, Sample>> SAMPLES =
      Map.ofEntries(
          Map.entry("/api/keys", s -> Sample.get("/api/keys")),
          Map.entry("/", s -> Sample.get("/")),
          Map.entry("/api/ledger/checkpoint", s -> Sample.get("/api/ledger/checkpoint")),
          Map.entry(
              "/api/ledger/proofs/**", s -> Sample.get("/api/ledger/proofs/inclusion?index=0")),
          Map.entry("/api/identity/jwks", s -> Sample.get("/api/identity/jwks")),
          Map.entry("/actuator/health", s -> Sample.get("/actuator/health")),
          Map.entry("/actuator/health/**", s -> Sample.get("/actuator/health/liveness")),
          Map.entry("/v3/api-docs", s -> Sample.get("/v3/api-docs")),
          Map.entry("/v3/api-docs/**", s -> Sample.get("/v3/api-docs/swagger-config")),
          Map.entry("/v3/api-docs.yaml", s -> Sample.get("/v3/api-docs.yaml")),
          Map.entry("/swagger-ui.html", s -> Sample.get("/swagger-ui.html")),
          Map.entry("/swagger-ui/**", s -> Sample.get("/swagger-ui/index.html")),
          Map.entry("/error", s -> Sample.get("/error")),
          Map.entry("/api/ledger/entries/{index}", s -> Sample.get("/api/ledger/entries/{acme}")),
          Map.entry(
              "/api/ledger/events",
              s -> new Sample("/api/ledger/events", Optional.of(event(CLIENT)))),
          Map.entry("/api/audit/bundle", s -> Sample.get("/api/audit/bundle")),
          Map.entry("/api/audit/ledger-check", s -> Sample.get("/api/audit/ledger-check")),
          Map.entry("/actuator", s -> Sample.get("/actuator")),
          Map.entry("/actuator/info", s -> Sample.get("/actuator/info")),
          Map.entry("/actuator/prometheus", s -> Sample.get("/actuator/prometheus")),
          Map.entry("/actuator/metrics", s -> Sample.get("/actuator/metrics")),
          Map.entry("/actuator/metrics/**", s -> Sample.get("/actuator/metrics/jvm.threads.live")),
          Map.entry(
              "/api/changes",
              s ->
                  new Sample(
                      "/api/changes",
                      Optional.of(
                          TestWorkflow.changeBody(
                              TestWorkflow.newChangeId(),
                              CLIENT,
                              TestWorkflow.newPlanHash(),
                              "low")))),
          Map.entry("/api/changes/{id}", s -> Sample.get("/api/changes/" + acmeChange(s))),
          // An approved change of a module no other test applies, so that its apply makes no
          // other change stale.
          Map.entry(
              "/api/changes/{id}/applied",
              s -> {
                String plan = TestWorkflow.newPlanHash();
                String id = TestWorkflow.newChangeId();
                TestWorkflow.submitBody(
                    s,
                    CLIENT,
                    TestWorkflow.changeBody(id, CLIENT, plan, "low")
                        .replace("tf-aws-rds", "access-table-" + id));
                TestWorkflow.approve(s, id, "user:cab-seed");
                return new Sample(
                    "/api/changes/" + id + "/applied",
                    Optional.of(
                        "{\"planHash\": \"" + plan + "\", \"environment\": \"production\"}"));
              }),
          Map.entry(
              "/api/exceptions",
              s ->
                  new Sample(
                      "/api/exceptions",
                      Optional.of(TestExceptions.requestBody(acmeChange(s), "cross_boundary")))),
          Map.entry(
              "/api/exceptions/{id}/decisions",
              s ->
                  new Sample(
                      "/api/exceptions/" + newAcmeException(s) + "/decisions",
                      Optional.of(
                          "{\"decision\": \"approve\", \"justification\": \"compensated\"}"))),
          Map.entry(
              "/api/exceptions/{id}/decisions/prepare",
              s ->
                  new Sample(
                      "/api/exceptions/" + newAcmeException(s) + "/decisions/prepare",
                      Optional.of(
                          "{\"decision\": \"approve\", \"justification\": \"compensated\"}"))),
          Map.entry(
              "/api/exceptions/{id}", s -> Sample.get("/api/exceptions/" + newAcmeException(s))),
          Map.entry(
              "/api/cab/seal-evidence",
              s ->
                  new Sample(
                      "/api/cab/seal-evidence",
                      Optional.of(
                          TestEvidence.packageBody(
                              acmeChange(s), CLIENT, "low", TestWorkflow.newChangeId())))),
          Map.entry("/api/evidence/{hash}", s -> Sample.get("/api/evidence/" + newAcmeEvidence(s))),
          Map.entry(
              "/api/changes/{id}/decisions",
              s ->
                  new Sample(
                      "/api/changes/" + newChange(s, "low") + "/decisions",
                      Optional.of(TestWorkflow.approveBody()))),
          Map.entry(
              "/api/changes/{id}/decisions/prepare",
              s ->
                  new Sample(
                      "/api/changes/" + newChange(s, "low") + "/decisions/prepare",
                      Optional.of(TestWorkflow.approveBody()))),
          Map.entry(
              "/api/cab/approve",
              s -> {
                String plan = TestWorkflow.newPlanHash();
                String id = TestWorkflow.newChangeId();
                TestWorkflow.submit(s, id, CLIENT, plan, "low");
                return new Sample(
                    "/api/cab/approve",
                    Optional.of(
                        """
                        {"changeRequestId": "%s", "approvedBy": "{subject}",
                         "module": "tf-aws-rds", "client": "%s", "riskLevel": "low",
                         "planHash": "%s"}
                        """
                            .formatted(id, CLIENT, plan)));
              }),
          Map.entry(
              "/api/approvals/{id}/revoke",
              s -> {
                String approvalId =
                    TestWorkflow.approve(s, newChange(s, "low"), "user:cab-seed")
                        .get("approvalId")
                        .asString();
                return new Sample(
                    "/api/approvals/" + approvalId + "/revoke",
                    Optional.of("{\"reason\": \"access table test\"}"));
              }),
          Map.entry("/api/approvals", s -> Sample.get("/api/approvals")),
          Map.entry(
              "/api/changes/{id}/override",
              s -> {
                String plan = TestWorkflow.newPlanHash();
                String id = TestWorkflow.newChangeId();
                TestWorkflow.submit(s, id, CLIENT, plan, "low");
                return new Sample(
                    "/api/changes/" + id + "/override",
                    Optional.of(
                        "{\"planHash\": \"" + plan + "\", \"reason\": \"access table test\"}"));
              }),
          Map.entry("/api/overrides", s -> Sample.get("/api/overrides")),
          Map.entry(
              "/api/changes/{id}/emergency-approval",
              s -> {
                String plan = TestWorkflow.newPlanHash();
                String id = TestWorkflow.newChangeId();
                TestWorkflow.submitBody(
                    s, CLIENT, TestChangeTypes.emergencyBody(id, CLIENT, plan, "low"));
                return new Sample(
                    "/api/changes/" + id + "/emergency-approval",
                    Optional.of("{\"planHash\": \"" + plan + "\"}"));
              }),
          // POST defines one and GET lists them: a template no change of the shared service
          // matches unless it asks for it.
          Map.entry(
              "/api/change-templates",
              s ->
                  new Sample(
                      "/api/change-templates",
                      Optional.of(TestChangeTypes.templateBody(CLIENT, "low")))),
          Map.entry(
              "/api/change-templates/{id}/approve",
              s -> {
                var template = TestChangeTypes.define(s, CLIENT, "low");
                return new Sample(
                    "/api/change-templates/" + template.path("templateId").asString() + "/approve",
                    Optional.of(TestChangeTypes.approvalBody(template)));
              }),
          Map.entry(
              "/api/gate",
              s ->
                  Sample.get("/api/gate?change=" + acmeChange(s) + "&planHash=" + "ab".repeat(32))),
          // POST declares it and GET lists: a freeze of an environment no other test uses, far
          // ahead, so that it holds no change of the shared service.
          Map.entry(
              "/api/freezes",
              s ->
                  new Sample(
                      "/api/freezes",
                      Optional.of(
                          TestFreezes.oneOff(
                              List.of(CLIENT),
                              List.of("access-table"),
                              Instant.parse("2099-12-24T00:00:00Z"),
                              Instant.parse("2099-12-27T00:00:00Z"))))),
          Map.entry(
              "/api/cab/verify/{changeRequestId}",
              s -> Sample.get("/api/cab/verify/" + acmeChange(s))),
          // Each role's report covers the clients it sees: another tenant's is its own.
          Map.entry("/api/cab/report", s -> Sample.get("/api/cab/report?days=1&format=csv")),
          Map.entry("/api/reports/{id}", s -> Sample.get("/api/reports/" + acmeReport(s))),
          Map.entry(
              "/api/reports/{id}/signature",
              s -> Sample.get("/api/reports/" + acmeReport(s) + "/signature")));

  /**
   * Requests whose state is the caller's own (a challenge given to it, a key it owns), built for
   * the principal's subject; the GET rule of a pattern ignores the body.
   */
  private static final Map<String, BiFunction<TestService, String, Sample>> CALLER_SAMPLES =
      Map.ofEntries(
          // The caller's own change: a requester re-plans only the changes it submitted.
          Map.entry(
              "/api/changes/{id}/plans",
              (s, who) ->
                  new Sample(
                      "/api/changes/" + changeOf(s, who) + "/plans",
                      Optional.of("{\"planHash\": \"" + TestWorkflow.newPlanHash() + "\"}"))),
          Map.entry(
              "/api/keys/enrolments/challenge",
              (s, who) -> Sample.get("/api/keys/enrolments/challenge")),
          Map.entry(
              "/api/keys/enrolments",
              (s, who) ->
                  new Sample(
                      "/api/keys/enrolments",
                      Optional.of(TestApproverKeys.enrolmentBody(s, who, MlDsa65.generate())))),
          Map.entry(
              "/api/keys/enrolments/{id}/approve",
              (s, who) ->
                  new Sample(
                      "/api/keys/enrolments/"
                          + TestApproverKeys.enrol(s, "user:key-holder", MlDsa65.generate())
                              .path("enrolmentId")
                              .asString()
                          + "/approve",
                      Optional.of("{}"))),
          Map.entry(
              "/api/keys/enrolments/{id}/reject",
              (s, who) ->
                  new Sample(
                      "/api/keys/enrolments/"
                          + TestApproverKeys.enrol(s, "user:key-holder", MlDsa65.generate())
                              .path("enrolmentId")
                              .asString()
                          + "/reject",
                      Optional.of("{\"reason\": \"access table test\"}"))),
          Map.entry(
              "/api/keys/{keyId}/retire",
              (s, who) ->
                  new Sample(
                      "/api/keys/"
                          + TestApproverKeys.id(TestApproverKeys.registered(s, who))
                          + "/retire",
                      Optional.of("{\"reason\": \"access table test\"}"))),
          Map.entry(
              "/api/changes/{id}/decisions/{preparedId}/sign", AccessTableTest::signedDecision),
          Map.entry(
              "/api/exceptions/{id}/decisions/{preparedId}/sign",
              AccessTableTest::signedExceptionDecision),
          Map.entry(
              "/api/keys/{keyId}/compromised",
              (s, who) ->
                  new Sample(
                      "/api/keys/"
                          + TestApproverKeys.id(TestApproverKeys.registered(s, "user:key-holder"))
                          + "/compromised",
                      Optional.of("{\"reason\": \"access table test\"}"))));

  /** Who calls: nobody, or a role with a client scope. */
  enum Scope {
    IN_TENANT,
    OUT_OF_TENANT,
    ALL_CLIENTS
  }

  record Principal(Optional<Role> role, Scope scope) {
    @Override
    public String toString() {
      return role.map(r -> r + "/" + scope).orElse("anonymous");
    }
  }

  /** The index of an entry of client acme, per backend. */
  private static final Map<Backend, Long> ACME_ENTRY = new EnumMap<>(Backend.class);

  static Stream<Arguments> table() {
    List<Arguments> cases = new ArrayList<>();
    for (Backend backend : Backend.values()) {
      for (Rule rule : AccessTable.RULES) {
        cases.add(Arguments.of(backend, rule, new Principal(Optional.empty(), Scope.IN_TENANT)));
        for (Role role : Role.values()) {
          for (Scope scope : Scope.values()) {
            cases.add(Arguments.of(backend, rule, new Principal(Optional.of(role), scope)));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} as {2}")
  @MethodSource("table")
  void request_everyRuleRoleAndScope_answersAsTheTableSays(
      Backend backend, Rule rule, Principal principal) {
    TestService service = TestService.shared(backend);
    long acmeEntry = acmeEntry(backend, service);
    Function<TestService, Sample> samples = SAMPLES.get(rule.pattern());
    BiFunction<TestService, String, Sample> callerSamples = CALLER_SAMPLES.get(rule.pattern());
    assertThat(samples != null || callerSamples != null)
        .as("a sample request for " + rule.pattern())
        .isTrue();
    Sample sample =
        samples != null ? samples.apply(service) : callerSamples.apply(service, subject(principal));
    String path = sample.path().replace("{acme}", Long.toString(acmeEntry));
    Optional<String> token = principal.role().map(role -> token(service, principal));
    HttpMethod method = rule.method().orElse(HttpMethod.GET);
    HttpResponse<String> response =
        method.equals(HttpMethod.POST)
            ? service.post(
                path, sample.body().orElseThrow().replace("{subject}", subject(principal)), token)
            : service.get(path, token);

    int expected;
    if (rule.isPublic()) {
      assertThat(response.statusCode()).as(path).isNotIn(401, 403);
      return;
    } else if (principal.role().isEmpty()) {
      expected = 401;
    } else if (!rule.roles().contains(principal.role().get())) {
      expected = 403;
    } else {
      boolean visible =
          switch (rule.tenancy()) {
            case NONE -> true;
            case ENTRY_CLIENT, BODY_CLIENT -> principal.scope() != Scope.OUT_OF_TENANT;
            case FILTERED -> true;
            case ALL_CLIENTS -> principal.scope() == Scope.ALL_CLIENTS;
          };
      // Every write appends an entry: 201.
      expected = !visible ? 404 : method.equals(HttpMethod.POST) ? 201 : 200;
    }
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(expected);
    if (expected >= 400) {
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void entry_withoutClient_visibleToEveryTenant(Backend backend) {
    TestService service = TestService.shared(backend);
    // Entry 0 is the service key's registration: it belongs to no client.
    String token = service.token("user:o", Set.of(Role.REQUESTER), Set.of(OTHER_CLIENT), false);
    assertThat(service.get("/api/ledger/entries/0", Optional.of(token)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void handlerMappings_everyEndpointIsInTheTable() {
    TestService service = TestService.shared(Backend.SQLITE);
    PathPatternParser parser = PathPatternParser.defaultInstance;
    List<String> unlisted = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (RequestMappingInfoHandlerMapping mapping :
        service.app().getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
      for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
        Set<org.springframework.web.bind.annotation.RequestMethod> methods =
            info.getMethodsCondition().getMethods();
        for (String pattern : info.getPatternValues()) {
          seen.add(pattern);
          if (ConsoleAccessTest.isConsole(pattern)) {
            continue; // the console's own table (ConsoleAccessTest)
          }
          boolean listed =
              AccessTable.RULES.stream()
                  .anyMatch(
                      rule ->
                          parser.parse(rule.pattern()).matches(PathContainer.parsePath(pattern))
                              && (rule.method().isEmpty()
                                  || (!methods.isEmpty()
                                      && methods.stream()
                                          .allMatch(
                                              m -> m.asHttpMethod().equals(rule.method().get())))));
          if (!listed) {
            unlisted.add(methods + " " + pattern);
          }
        }
      }
    }
    assertThat(seen)
        .as("controllers and actuator endpoints are both enumerated")
        .contains("/api/ledger/events", "/actuator/prometheus");
    assertThat(unlisted).as("endpoints missing from AccessTable.RULES").isEmpty();
  }

  private static String token(TestService service, Principal principal) {
    Role role = principal.role().orElseThrow();
    return switch (principal.scope()) {
      case IN_TENANT -> service.token(subject(principal), Set.of(role), Set.of(CLIENT), false);
      case OUT_OF_TENANT ->
          service.token(subject(principal), Set.of(role), Set.of(OTHER_CLIENT), false);
      case ALL_CLIENTS -> service.token(subject(principal), Set.of(role), Set.of(), true);
    };
  }

  /**
   * A decision on a new acme change prepared by {@code who}, with the signature of an approver key
   * registered for {@code who}: what {@code who} may sign.
   */
  private static Sample signedDecision(TestService s, String who) {
    return signed(
        s,
        who,
        "/api/changes/" + newChange(s, "low") + "/decisions",
        TestWorkflow.approveBody(),
        Role.CAB_APPROVER);
  }

  /** A decision on a new acme exception prepared by {@code who}, signed as above. */
  private static Sample signedExceptionDecision(TestService s, String who) {
    return signed(
        s,
        who,
        "/api/exceptions/" + newAcmeException(s) + "/decisions",
        "{\"decision\": \"approve\", \"justification\": \"compensated\"}",
        Role.SECURITY_REVIEWER);
  }

  /** A decision prepared at {@code decisions}/prepare by {@code who} in {@code role}, signed. */
  private static Sample signed(
      TestService s, String who, String decisions, String body, Role role) {
    KeyPair key = TestApproverKeys.registered(s, who);
    HttpResponse<String> prepared =
        s.post(decisions + "/prepare", body, Optional.of(TestWorkflow.decider(s, who, role)));
    assertThat(prepared.statusCode()).as(prepared.body()).isEqualTo(201);
    JsonNode p = TestWorkflow.json(prepared);
    byte[] pae =
        Envelope.pae(
            p.path("payloadType").asString(),
            Base64.getDecoder().decode(p.path("payload").asString()));
    String sig =
        Base64.getEncoder()
            .encodeToString(new MlDsaSigner(TestApproverKeys.id(key), key.getPrivate()).sign(pae));
    return new Sample(
        decisions + "/" + p.path("preparedId").asString() + "/sign",
        Optional.of(
            "{\"keyid\": \"" + TestApproverKeys.id(key).value() + "\", \"sig\": \"" + sig + "\"}"));
  }

  /** The subject of a principal's token; a body's {@code {subject}} is replaced by it. */
  private static String subject(Principal principal) {
    return switch (principal.scope()) {
      case IN_TENANT -> "user:in";
      case OUT_OF_TENANT -> "user:out";
      case ALL_CLIENTS -> "user:all";
    };
  }

  /** A new low-risk change of client acme, requested by {@code who}. */
  private static String changeOf(TestService service, String who) {
    String id = TestWorkflow.newChangeId();
    HttpResponse<String> r =
        service.post(
            "/api/changes",
            TestWorkflow.changeBody(id, CLIENT, TestWorkflow.newPlanHash(), "low"),
            Optional.of(TestWorkflow.requester(service, who, CLIENT)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return id;
  }

  /** A new change of client acme, requested by {@code user:pipeline}. */
  private static String newChange(TestService service, String risk) {
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), risk);
    return id;
  }

  private static synchronized long acmeEntry(Backend backend, TestService service) {
    return ACME_ENTRY.computeIfAbsent(
        backend,
        b -> {
          HttpResponse<String> created =
              service.post(
                  "/api/ledger/events",
                  event(CLIENT),
                  Optional.of(service.token("user:seed", Role.REQUESTER)));
          assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
          return JSON.readTree(created.body()).path("index").asLong();
        });
  }

  /** A change of client acme, per backend. */
  private static final Map<Backend, String> ACME_CHANGE = new EnumMap<>(Backend.class);

  private static synchronized String acmeChange(TestService service) {
    return ACME_CHANGE.computeIfAbsent(
        service.db().backend(),
        b -> {
          String id = TestWorkflow.newChangeId();
          TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "low");
          return id;
        });
  }

  /** A report of client acme, per backend. */
  private static final Map<Backend, String> ACME_REPORT = new EnumMap<>(Backend.class);

  private static synchronized String acmeReport(TestService service) {
    return ACME_REPORT.computeIfAbsent(
        service.db().backend(),
        b -> {
          HttpResponse<String> made =
              service.get(
                  "/api/cab/report?client=" + CLIENT + "&days=1&format=csv",
                  Optional.of(service.token("user:seed", Role.AUDITOR)));
          assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
          return made.headers().firstValue("CAB-Report-Id").orElseThrow();
        });
  }

  /** A new exception of client acme's change, requested by the change's pipeline. */
  private static String newAcmeException(TestService service) {
    return TestExceptions.request(
            service, "user:pipeline", acmeChange(service), CLIENT, "cross_boundary")
        .get("exceptionId")
        .asString();
  }

  /** The hash of a new evidence package of client acme's change. */
  private static String newAcmeEvidence(TestService service) {
    HttpResponse<String> sealed =
        TestEvidence.seal(
            service,
            "user:cab",
            CLIENT,
            TestEvidence.packageBody(
                acmeChange(service), CLIENT, "low", TestWorkflow.newChangeId()));
    assertThat(sealed.statusCode()).as(sealed.body()).isEqualTo(201);
    return JSON.readTree(sealed.body()).path("evidenceHash").asString();
  }

  static String event(String client) {
    return """
        {"subject":"CR-42","planHash":"%s","eventType":"PIPELINE_NOTE",
         "eventData":{"client":"%s","note":{"module":"tf-aws-rds"}}}
        """
        .formatted("ab".repeat(32), client);
  }
}
