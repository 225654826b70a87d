package dev.cabledger.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.sign.MlDsaVerifier;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The source article's {@code POST /api/cab/approve}: its request and answer members, the
 * authenticated approver, and the stored change's plan, client, risk and module.
 */
class CabApproveControllerTest {
  private static final String APPROVER = "user:victor";

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_articleRequest_201WithArticleAnswerAndVerifiableSignature(Backend backend) {
    TestService service = TestService.shared(backend);
    String plan = TestWorkflow.newPlanHash();
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, "acme", plan, "medium");

    HttpResponse<String> r =
        approve(service, request(id, APPROVER, "tf-aws-rds", "acme", "medium", plan));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode a = TestWorkflow.json(r);
    assertThat(a.get("approved").asBoolean()).isTrue();
    assertThat(a.get("algorithm").asString()).isEqualTo("ML-DSA-65");
    assertThat(a.get("changeRequestId").asString()).isEqualTo(id);
    long index = a.get("receipt").get("index").asLong();

    // The signature is the service key's over the entry's DSSE envelope, as an auditor checks it.
    JsonNode entry = TestApi.json(TestApi.get(service, "/api/ledger/entries/" + index));
    Envelope envelope = Envelope.parse(Base64.getDecoder().decode(entry.get("entry").asString()));
    KeyRing keys = TestApi.keys(service);
    KeyId keyId = new KeyId(a.get("keyId").asString());
    assertThat(keys.find(keyId).orElseThrow().purpose()).isEqualTo("service");
    new MlDsaVerifier(keys.publicKey(keyId).orElseThrow())
        .verify(
            Envelope.pae(envelope.payloadType(), envelope.payload()),
            Base64.getDecoder().decode(a.get("signature").asString()));
    Statement statement = Statement.parse(envelope.payload());
    assertThat(a.get("timestamp").asString())
        .isEqualTo(statement.predicate().createdAt().toString());
    assertThat(statement.predicate().actor().subject()).isEqualTo(APPROVER);
    assertThat(statement.predicate().data().toJson().get("approval_id").asString())
        .isEqualTo(a.get("approvalId").asString());
    assertThat(statement.predicate().data().toJson().get("justification").asString())
        .isEqualTo("approved via /api/cab/approve");

    JsonNode change = TestApi.json(TestApi.get(service, "/api/changes/" + id));
    assertThat(change.get("status").asString()).isEqualTo("approved");
    assertThat(change.get("decisions").get(0).get("approver").asString()).isEqualTo(APPROVER);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_approvedByNotTheCaller_400AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String plan = TestWorkflow.newPlanHash();
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, "acme", plan, "low");
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r =
        approve(
            service, request(id, "user:default/someone-else", "tf-aws-rds", "acme", "low", plan));
    TestApi.assertProblem(r, 400, "invalid-request");
    assertThat(r.body()).contains("approvedBy");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_memberDiffersFromStoredChange_409AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String plan = TestWorkflow.newPlanHash();
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, "acme", plan, "low");
    long before = TestWorkflow.treeSize(service);
    String acme =
        service.token(APPROVER, Set.of(Role.CAB_APPROVER), Set.of("acme", "globex"), false);
    for (String body :
        new String[] {
          request(id, APPROVER, "tf-aws-rds", "acme", "low", TestWorkflow.newPlanHash()),
          request(id, APPROVER, "tf-aws-rds", "acme", "high", plan),
          request(id, APPROVER, "tf-other-module", "acme", "low", plan),
          request(id, APPROVER, "tf-aws-rds", "globex", "low", plan)
        }) {
      HttpResponse<String> r = service.post("/api/cab/approve", body, Optional.of(acme));
      TestApi.assertProblem(r, 409, "conflict");
    }
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_unknownOrOtherTenantsChange_sameProblem404(Backend backend) {
    TestService service = TestService.shared(backend);
    String plan = TestWorkflow.newPlanHash();
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, "acme", plan, "low");
    long before = TestWorkflow.treeSize(service);
    String globex = service.token(APPROVER, Set.of(Role.CAB_APPROVER), Set.of("globex"), false);
    HttpResponse<String> hidden =
        service.post(
            "/api/cab/approve",
            request(id, APPROVER, "tf-aws-rds", "acme", "low", plan),
            Optional.of(globex));
    HttpResponse<String> missing =
        service.post(
            "/api/cab/approve",
            request("CR-nope-" + id, APPROVER, "tf-aws-rds", "acme", "low", plan),
            Optional.of(globex));
    TestApi.assertProblem(hidden, 404, "not-found");
    TestApi.assertProblem(missing, 404, "not-found");
    assertThat(hidden.body().replace(id, "X"))
        .isEqualTo(missing.body().replace("CR-nope-" + id, "X"));
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_requesterApprovesOwnChange_403(Backend backend) {
    TestService service = TestService.shared(backend);
    String plan = TestWorkflow.newPlanHash();
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, "acme", plan, "low");
    HttpResponse<String> r =
        service.post(
            "/api/cab/approve",
            request(id, "user:pipeline", "tf-aws-rds", "acme", "low", plan),
            Optional.of(service.token("user:pipeline", Role.CAB_APPROVER)));
    TestApi.assertProblem(r, 403, "separation-of-duties");
  }

  static Stream<String> badBodies() {
    String plan = "ab".repeat(32);
    String ok = request("CR-x", APPROVER, "tf-aws-rds", "acme", "low", plan);
    return Stream.of(
        "{",
        "",
        ok.replace("\"changeRequestId\": \"CR-x\", ", ""),
        ok.replace("\"approvedBy\": \"" + APPROVER + "\", ", ""),
        ok.replace("\"client\": \"acme\", ", ""),
        ok.replace("\"riskLevel\": \"low\", ", ""),
        ok.replace(", \"planHash\": \"" + plan + "\"", ""),
        ok.replace("\"low\"", "\"severe\""),
        ok.replace("\"low\"", "\"LOW\""),
        ok.replace(plan, plan.toUpperCase()),
        ok.replace(plan, plan.substring(2)),
        ok.replace("\"module\": \"tf-aws-rds\"", "\"module\": \" \""),
        ok.replace("\"module\"", "\"modul\""),
        ok.replace("{", "{\"approvedAt\": \"2026-04-01T14:30:00Z\", "));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void approve_badBody_400AndNothingWritten(String body) {
    TestService service = TestService.shared(Backend.SQLITE);
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r = approve(service, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_securityReviewer_403(Backend backend) {
    TestService service = TestService.shared(backend);
    HttpResponse<String> r =
        service.post(
            "/api/cab/approve",
            request("CR-x", "user:sec", "m", "acme", "low", "ab".repeat(32)),
            Optional.of(service.token("user:sec", Role.SECURITY_REVIEWER)));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  static String request(
      String id, String approvedBy, String module, String client, String risk, String plan) {
    return """
        {"changeRequestId": "%s", "approvedBy": "%s", "module": "%s", "client": "%s", \
        "riskLevel": "%s", "planHash": "%s"}"""
        .formatted(id, approvedBy, module, client, risk, plan);
  }

  private static HttpResponse<String> approve(TestService service, String body) {
    return service.post(
        "/api/cab/approve", body, Optional.of(service.token(APPROVER, Role.CAB_APPROVER)));
  }
}
