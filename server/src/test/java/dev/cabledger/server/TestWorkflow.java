package dev.cabledger.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.server.access.Role;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Driving the workflow API in tests, as a pipeline and reviewers would. */
public final class TestWorkflow {
  private TestWorkflow() {}

  /** A new random plan hash, as a pipeline's SHA-256 of its plan file. */
  public static String newPlanHash() {
    return Digest.sha256(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)).hex();
  }

  /** A unique change id. */
  public static String newChangeId() {
    return "CR-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The intake body of a change with a passed security scan. */
  public static String changeBody(String id, String client, String planHash, String risk) {
    return """
        {"id": "%s", "title": "Resize the database", "module": "tf-aws-rds",
         "client": "%s", "environment": "production", "planHash": "%s",
         "planSummary": "1 to change", "risk": {"level": "%s", "score": 40,
         "factors": ["database"]}, "rollbackPlan": "terraform apply the previous plan",
         "evidence": {"prUrl": "https://git.example.com/pr/1", "prApprovers": ["user:pr-reviewer"],
         "securityScan": "passed", "testResults": "42 passed",
         "pipelineUrl": "https://ci.example.com/run/1"}}
        """
        .formatted(id, client, planHash, risk);
  }

  /** A requester token for one client. */
  public static String requester(TestService service, String user, String client) {
    return service.token(user, Set.of(Role.REQUESTER), Set.of(client), false);
  }

  /** Submits a change as {@code user:pipeline}; returns the 201's JSON. */
  public static JsonNode submit(
      TestService service, String id, String client, String planHash, String risk) {
    HttpResponse<String> r =
        service.post(
            "/api/changes",
            changeBody(id, client, planHash, risk),
            Optional.of(requester(service, "user:pipeline", client)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r);
  }

  /** Submits a change with this intake body as {@code user:pipeline}; returns the 201's JSON. */
  public static JsonNode submitBody(TestService service, String client, String body) {
    HttpResponse<String> r =
        service.post(
            "/api/changes", body, Optional.of(requester(service, "user:pipeline", client)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r);
  }

  /** Posts a new plan for a change as its pipeline; returns the answer as is. */
  public static HttpResponse<String> replan(
      TestService service, String changeId, String client, String planHash) {
    return service.post(
        "/api/changes/" + changeId + "/plans",
        "{\"planHash\": \"" + planHash + "\"}",
        Optional.of(requester(service, "user:pipeline", client)));
  }

  /** Reports an apply of a change's plan as its pipeline; returns the answer as is. */
  public static HttpResponse<String> applied(
      TestService service, String changeId, String client, String planHash, String environment) {
    return service.post(
        "/api/changes/" + changeId + "/applied",
        "{\"planHash\": \"" + planHash + "\", \"environment\": \"" + environment + "\"}",
        Optional.of(requester(service, "user:pipeline", client)));
  }

  /** Any answer's JSON body. */
  public static JsonNode json(HttpResponse<String> response) {
    return CanonicalJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
  }

  /** The log's size, as the latest checkpoint states it. */
  public static long treeSize(TestService service) {
    return TestApi.latestCheckpoint(service).size();
  }

  /** The body of an unconditional approval. */
  public static String approveBody() {
    return "{\"decision\": \"approve\", \"justification\": \"tested and reviewed\"}";
  }

  /** A decider's token (CAB approver or security reviewer) that sees every client. */
  public static String decider(TestService service, String user, Role role) {
    return service.token(user, Set.of(role), Set.of(), true);
  }

  /** Posts a decision on a change as {@code user} in {@code role}; returns the answer as is. */
  public static HttpResponse<String> decide(
      TestService service, String changeId, String user, Role role, String body) {
    return service.post(
        "/api/changes/" + changeId + "/decisions", body, Optional.of(decider(service, user, role)));
  }

  /** Approves a change as a CAB approver; returns the 201's JSON. */
  public static JsonNode approve(TestService service, String changeId, String user) {
    HttpResponse<String> r = decide(service, changeId, user, Role.CAB_APPROVER, approveBody());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
