package dev.cabledger.server.demo;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.sign.KeyFiles;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.CabProperties;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.LocalIssuer;
import dev.cabledger.server.ledger.LogReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeds a new log with a realistic set of changes ({@code cab.demo=true}, {@code serve --demo}),
 * once, through the service's own HTTP API with tokens of its local issuer, so every demo record
 * took the path a pipeline's or a reviewer's does: changes of every risk level and status,
 * decisions, an exception, sealed evidence, a revocation, an approval that expires a few seconds
 * after start, and gate calls, one of them blocked. The approvers enrol approver keys of their own
 * first, and sign their approvals of high and critical changes with them (prepare and sign). A log
 * that already holds more than its key registrations is left alone.
 */
@Component
@ConditionalOnBooleanProperty("cab.demo")
final class DemoData implements ApplicationListener<WebServerInitializedEvent> {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  private final LogReader reader;
  private final CabProperties properties;
  private final HttpClient http = HttpClient.newHttpClient();

  DemoData(LogReader reader, CabProperties properties) {
    this.reader = reader;
    this.properties = properties;
  }

  /** The demo's people: a pipeline, two CAB approvers, a security reviewer and an admin. */
  private record People(String pipeline, Approver alice, Approver bob, Approver sam, String pat) {}

  /**
   * A demo approver: their token and the approver key they enrolled, whose private half the demo
   * keeps in the data directory ({@code demo-keys/}) so that their high and critical approvals are
   * signed by their own key, as the default policy asks.
   */
  private record Approver(String token, MlDsaSigner key) {}

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (reader.size() > 2) {
      return;
    }
    URI base = URI.create("http://127.0.0.1:" + event.getWebServer().getPort());
    LocalIssuer issuer = LocalIssuer.open(properties.resolvedKeysDir());
    try {
      String pat = token(issuer, "user:pat", Role.PLATFORM_ADMIN);
      People p =
          new People(
              token(issuer, "pipeline:demo", Role.REQUESTER),
              approver(base, issuer, "user:alice", Role.CAB_APPROVER, pat),
              approver(base, issuer, "user:bob", Role.CAB_APPROVER, pat),
              approver(base, issuer, "user:sam", Role.SECURITY_REVIEWER, pat),
              pat);
      seed(base, p);
      log.info(
          "Demo data: 11 change requests with decisions, an exception, evidence, a revocation,"
              + " a standard change approved by its template, an emergency change that owes a"
              + " review, gate calls; one approval expires within a minute. Try: GET"
              + " /api/changes");
    } catch (IOException | RuntimeException e) {
      log.error("Demo data could not be seeded: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void seed(URI base, People p) throws IOException, InterruptedException {
    // acme: a low-risk change approved and applied through the gate, with sealed evidence.
    submit(base, p, "CR-DEMO-1001", "acme", "tf-azurerm-aks", "low", "passed");
    decide(base, p.alice(), "CR-DEMO-1001", "approve", "Routine node pool resize", "");
    post(
        base,
        "/api/cab/seal-evidence",
        p.alice().token(),
        """
        {"changeRequestId": "CR-DEMO-1001", "module": "tf-azurerm-aks", "client": "acme",
         "planSummary": "1 to change", "riskLevel": "low", "riskFactors": ["node pool"],
         "rollbackPlan": "apply the previous plan", "prUrl": "https://git.example.com/acme/pr/1",
         "prApprovers": ["user:carol"], "securityScan": "passed", "testResults": "42 passed",
         "pipelineUrl": "https://ci.example.com/acme/1", "approvedBy": "user:alice",
         "approvedAt": "%s"}
        """
            .formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    gate(base, p.pipeline(), "CR-DEMO-1001");

    // acme: high risk, approved by two, one of them with conditions the gate enforces.
    submit(base, p, "CR-DEMO-1002", "acme", "tf-aws-rds", "high", "passed");
    decide(base, p.alice(), "CR-DEMO-1002", "approve", "Rollback tested in staging", "");
    decide(
        base,
        p.bob(),
        "CR-DEMO-1002",
        "conditional",
        "Only in the maintenance window",
        ", \"conditions\": [\"Apply in the Sunday maintenance window\", \"Monitor for 48 hours\"],"
            + " \"environments\": [\"production\"]");

    // acme: approved, then revoked by an admin.
    submit(base, p, "CR-DEMO-1003", "acme", "tf-azurerm-network", "low", "passed");
    String revoked =
        decide(base, p.bob(), "CR-DEMO-1003", "approve", "Firewall rule looks fine", "");
    post(
        base,
        "/api/approvals/" + revoked + "/revoke",
        p.pat(),
        "{\"reason\": \"The rule opens more than the ticket asks for\"}");

    // acme: high risk with one approval only; its gate call is blocked (missing quorum).
    submit(base, p, "CR-DEMO-1004", "acme", "tf-aws-iam", "high", "passed");
    decide(base, p.alice(), "CR-DEMO-1004", "approve", "Least privilege checked", "");
    gate(base, p.pipeline(), "CR-DEMO-1004");

    // globex: critical, two CAB approvers and a security reviewer.
    submit(base, p, "CR-DEMO-2001", "globex", "tf-aws-vpc", "critical", "passed");
    decide(base, p.alice(), "CR-DEMO-2001", "approve", "Peering reviewed", "");
    decide(base, p.bob(), "CR-DEMO-2001", "approve", "Capacity confirmed", "");
    decide(base, p.sam(), "CR-DEMO-2001", "approve", "No new exposure", "");

    // globex: denied.
    submit(base, p, "CR-DEMO-2002", "globex", "tf-gcp-gke", "medium", "passed");
    decide(base, p.bob(), "CR-DEMO-2002", "deny", "No rollback plan for the CRD upgrade", "");

    // initech: a failed scan, excepted by the security reviewer, then approved.
    submit(
        base,
        p,
        "CR-DEMO-3001",
        "initech",
        "tf-azurerm-keyvault",
        "medium",
        "failed: CVE-2026-1234");
    String exception =
        field(
            post(
                base,
                "/api/exceptions",
                p.pipeline(),
                """
                {"changeRequestId": "CR-DEMO-3001", "exceptionType": "vulnerability_scan",
                 "reason": "The finding is in a test dependency that is not deployed",
                 "compensatingControls": ["Network isolation"]}
                """),
            "exceptionId");
    post(
        base,
        "/api/exceptions/" + exception + "/decisions",
        p.sam().token(),
        "{\"decision\": \"approve\", \"justification\": \"Not reachable in production\"}");
    decide(base, p.alice(), "CR-DEMO-3001", "approve", "Exception in place", "");

    // initech: an approval that expires a few seconds from now (the expiry job records it).
    submit(base, p, "CR-DEMO-3002", "initech", "tf-aws-s3", "low", "passed");
    decide(
        base,
        p.alice(),
        "CR-DEMO-3002",
        "approve",
        "Short approval for the demo",
        ", \"expiresAt\": \""
            + Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS)
            + "\"");

    // initech: waiting for review.
    submit(base, p, "CR-DEMO-3003", "initech", "tf-azurerm-sql", "medium", "passed");

    // acme: a standard change, approved by rule: pat defines the template, alice approves it once.
    String template =
        post(
            base,
            "/api/change-templates",
            p.pat(),
            """
            {"client": "acme", "module": "tf-aws-cloudfront", "environment": "production",
             "maxRisk": "medium", "title": "Rotate the CDN's TLS certificate",
             "description": "The quarterly rotation from the certificate manager"}
            """);
    String templateId = field(template, "templateId");
    post(
        base,
        "/api/change-templates/" + templateId + "/approve",
        p.alice().token(),
        "{\"definition\": \"" + field(template, "definition") + "\"}");
    submit(
        base,
        p,
        "CR-DEMO-1005",
        "acme",
        "tf-aws-cloudfront",
        "low",
        "passed",
        ", \"type\": \"standard\", \"templateId\": \"" + templateId + "\"");
    gate(base, p.pipeline(), "CR-DEMO-1005");

    // globex: an emergency change, approved by pat alone; it owes a retrospective CAB review.
    submit(
        base,
        p,
        "CR-DEMO-2003",
        "globex",
        "tf-aws-elb",
        "high",
        "passed",
        ", \"type\": \"emergency\", \"emergencyReason\": \"INC-3112: the load balancer's"
            + " certificate expired\"");
    post(
        base,
        "/api/changes/CR-DEMO-2003/emergency-approval",
        p.pat(),
        "{\"planHash\": \"" + plan("CR-DEMO-2003") + "\"}");
    gate(base, p.pipeline(), "CR-DEMO-2003");
  }

  private static String plan(String id) {
    return Digest.sha256(("demo plan of " + id).getBytes(StandardCharsets.UTF_8)).hex();
  }

  private void submit(
      URI base, People p, String id, String client, String module, String risk, String scan)
      throws IOException, InterruptedException {
    submit(base, p, id, client, module, risk, scan, "");
  }

  /** Submits a change; {@code type} adds the change type's members (or nothing, for normal). */
  private void submit(
      URI base,
      People p,
      String id,
      String client,
      String module,
      String risk,
      String scan,
      String type)
      throws IOException, InterruptedException {
    String plan = plan(id);
    post(
        base,
        "/api/changes",
        p.pipeline(),
        """
        {"id": "%s", "title": "Demo change to %s", "module": "%s", "client": "%s",
         "environment": "production", "planHash": "%s", "planSummary": "2 to add, 1 to change",
         "risk": {"level": "%s", "score": %d, "factors": ["%s"]},
         "rollbackPlan": "terraform apply the previous plan",
         "evidence": {"prUrl": "https://git.example.com/%s/pr/%s", "prApprovers": ["user:carol"],
          "securityScan": "%s", "testResults": "all passed",
          "pipelineUrl": "https://ci.example.com/%s/%s"}%s}
        """
            .formatted(
                id,
                module,
                module,
                client,
                plan,
                risk,
                switch (risk) {
                  case "low" -> 15;
                  case "medium" -> 40;
                  case "high" -> 70;
                  default -> 90;
                },
                module,
                client,
                id,
                scan,
                client,
                id,
                type));
  }

  /**
   * Records a decision; returns its approval id. Approvals of the demo's high and critical changes
   * (ids ending in 1002, 1004 and 2001) are prepared and signed with the approver's own key.
   */
  private String decide(
      URI base, Approver who, String id, String decision, String justification, String more)
      throws IOException, InterruptedException {
    String body =
        "{\"decision\": \"%s\", \"justification\": \"%s\"%s}"
            .formatted(decision, justification, more);
    if (decision.equals("deny") || !SIGNED.contains(id)) {
      return field(
          post(base, "/api/changes/" + id + "/decisions", who.token(), body), "approvalId");
    }
    JsonNode prepared =
        JsonMapper.shared()
            .readTree(post(base, "/api/changes/" + id + "/decisions/prepare", who.token(), body));
    byte[] pae =
        Envelope.pae(
            prepared.path("payloadType").asString(),
            Base64.getDecoder().decode(prepared.path("payload").asString()));
    String signature =
        "{\"keyid\": \"%s\", \"sig\": \"%s\"}"
            .formatted(
                who.key().keyId().value(), Base64.getEncoder().encodeToString(who.key().sign(pae)));
    return field(
        post(
            base,
            "/api/changes/" + id + "/decisions/" + prepared.path("preparedId").asString() + "/sign",
            who.token(),
            signature),
        "approvalId");
  }

  /** The demo's high and critical changes, whose approvals are approver-signed. */
  private static final Set<String> SIGNED = Set.of("CR-DEMO-1002", "CR-DEMO-1004", "CR-DEMO-2001");

  /**
   * A demo approver with an approver key of their own: a new ML-DSA-65 key pair, its private half
   * written to {@code <data-dir>/demo-keys/<name>.pem} (a demo's convenience; a real approver's key
   * never leaves their device), enrolled with a proof of possession and approved by the admin.
   */
  private Approver approver(URI base, LocalIssuer issuer, String user, Role role, String admin)
      throws IOException, InterruptedException {
    String token = token(issuer, user, role);
    KeyPair pair = MlDsa65.generate();
    KeyId keyId = KeyId.forMlDsa65(MlDsa65.spki(pair.getPublic()));
    MlDsaSigner signer = new MlDsaSigner(keyId, pair.getPrivate());
    Path dir = properties.dataDir().resolve("demo-keys");
    Files.createDirectories(dir);
    KeyFiles.writePrivateKey(dir.resolve(user.replace("user:", "") + ".pem"), pair.getPrivate());
    HttpResponse<String> challenge =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/keys/enrolments/challenge"))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String text = field(challenge.body(), "challenge");
    String enrolment =
        JsonMapper.shared()
            .readTree(
                post(
                    base,
                    "/api/keys/enrolments",
                    token,
                    "{\"publicKey\": \"%s\", \"challenge\": \"%s\", \"signature\": \"%s\"}"
                        .formatted(
                            Base64.getEncoder().encodeToString(MlDsa65.spki(pair.getPublic())),
                            text,
                            Base64.getEncoder()
                                .encodeToString(
                                    signer.sign(text.getBytes(StandardCharsets.UTF_8))))))
            .path("enrolment")
            .path("enrolmentId")
            .asString();
    post(base, "/api/keys/enrolments/" + enrolment + "/approve", admin, "{}");
    return new Approver(token, signer);
  }

  private void gate(URI base, String token, String id) throws IOException, InterruptedException {
    String plan = Digest.sha256(("demo plan of " + id).getBytes(StandardCharsets.UTF_8)).hex();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/gate?change=" + id + "&planHash=" + plan))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET /api/gate for " + id + " answered " + r.statusCode());
    }
  }

  private String post(URI base, String path, String token, String json)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw new IllegalStateException(
          "POST " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static String field(String json, String name) {
    return JsonMapper.shared().readTree(json).path(name).asString();
  }

  private static String token(LocalIssuer issuer, String user, Role role) {
    return issuer.mint(
        user, Set.of(role), Set.of(), true, Duration.ofMinutes(10), Clock.systemUTC());
  }
}
