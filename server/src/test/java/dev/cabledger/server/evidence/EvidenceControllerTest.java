package dev.cabledger.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EvidenceSealed;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.sign.MlDsaVerifier;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestEvidence;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/cab/seal-evidence} and {@code /api/evidence/{hash}} over real HTTP, both databases.
 */
class EvidenceControllerTest {

  private static String newChange(TestService service, String client, String risk) {
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, client, TestWorkflow.newPlanHash(), risk);
    return id;
  }

  /** SHA-256 of the RFC 8785 bytes of a JSON text: what an auditor computes. */
  private static String hashOf(String json) {
    return Digest.sha256(CanonicalJson.canonicalize(json.getBytes(StandardCharsets.UTF_8))).hex();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void seal_articlePackage_201WithArticleFieldsFromTheSignedEntry(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = newChange(service, "acme", "high");
    String body =
        TestEvidence.packageBody(changeId, "acme", "high", "resize")
            .replace(
                "\"pipelineUrl\"",
                "\"approvedBy\": \"user:victor\", \"approvedAt\": \"2026-04-01T14:30:00Z\","
                    + " \"pipelineUrl\"");

    HttpResponse<String> r = TestEvidence.seal(service, "user:victor", "acme", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode answer = TestWorkflow.json(r);
    String hash = answer.get("evidenceHash").asString();
    assertThat(hash).isEqualTo(hashOf(body));
    assertThat(answer.get("algorithm").asString()).isEqualTo("ML-DSA-65");
    assertThat(answer.get("changeRequestId").asString()).isEqualTo(changeId);
    assertThat(r.headers().firstValue("Location")).contains("/api/evidence/" + hash);
    Instant sealedAt = Instant.parse(answer.get("sealedAt").asString());
    long index = answer.get("receipt").get("index").asLong();
    assertThat(answer.get("entryIndex").asLong()).isEqualTo(index);

    // The entry carries the hash, not the document, and the answer's signature is the entry's.
    JsonNode entry = TestApi.json(TestApi.get(service, "/api/ledger/entries/" + index));
    Envelope envelope = Envelope.parse(Base64.getDecoder().decode(entry.get("entry").asString()));
    Statement statement = Statement.parse(envelope.payload());
    EvidenceSealed sealed = (EvidenceSealed) statement.predicate().data();
    assertThat(sealed.evidenceHash().hex()).isEqualTo(hash);
    assertThat(sealed.evidencePackId().toString())
        .isEqualTo(answer.get("evidencePackId").asString());
    assertThat(statement.subjectName()).isEqualTo(changeId);
    assertThat(statement.predicate().createdAt()).isEqualTo(sealedAt);
    assertThat(new String(envelope.payload(), StandardCharsets.UTF_8))
        .doesNotContain("terraform apply the previous plan");
    EnvelopeSignature signature = envelope.signatures().getFirst();
    assertThat(answer.get("signature").asString())
        .isEqualTo(Base64.getEncoder().encodeToString(signature.sig()));
    KeyId keyId = new KeyId(answer.get("keyId").asString());
    assertThat(signature.keyId()).isEqualTo(keyId);
    KeyRing ring = TestApi.keys(service);
    new MlDsaVerifier(ring.publicKey(keyId).orElseThrow())
        .verify(Envelope.pae(envelope.payloadType(), envelope.payload()), signature.sig());

    JsonNode change = TestApi.json(TestApi.get(service, "/api/changes/" + changeId));
    assertThat(change.get("evidencePackages").get(0).get("evidenceHash").asString())
        .isEqualTo(hash);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void evidence_sealedPackage_exactBytesThatHashToIt(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = newChange(service, "acme", "low");
    String body = TestEvidence.packageBody(changeId, "acme", "low", "bytes");
    String hash =
        TestWorkflow.json(TestEvidence.seal(service, "user:cab", "acme", body))
            .get("evidenceHash")
            .asString();
    String auditor = service.token("user:aud", Set.of(Role.AUDITOR), Set.of("acme"), false);

    HttpResponse<byte[]> r =
        service.sendForBytes(
            service.request("/api/evidence/" + hash, Optional.of(auditor)).GET().build());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(Digest.sha256(r.body()).hex()).isEqualTo(hash);
    assertThat(r.body())
        .isEqualTo(CanonicalJson.canonicalize(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(r.headers().firstValue("Repr-Digest"))
        .contains("sha-256=:" + Digest.fromHex(hash).base64() + ":");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void seal_identicalPackageAgain_200FirstSealingAndNothingAppended(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = newChange(service, "acme", "low");
    String body = TestEvidence.packageBody(changeId, "acme", "low", "again");
    HttpResponse<String> first = TestEvidence.seal(service, "user:cab", "acme", body);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    long size = TestWorkflow.treeSize(service);

    // The same object in other whitespace and member order is the same RFC 8785 bytes.
    JsonNode tree = CanonicalJson.parse(body.getBytes(StandardCharsets.UTF_8));
    List<String> names = new ArrayList<>(tree.propertyNames());
    Collections.reverse(names);
    StringBuilder reordered = new StringBuilder("{\n");
    for (String name : names) {
      reordered
          .append(reordered.length() > 2 ? ",\n  " : "  ")
          .append(CanonicalJson.quote(name))
          .append(" : ")
          .append(new String(CanonicalJson.canonicalize(tree.get(name)), StandardCharsets.UTF_8));
    }
    reordered.append("\n}");
    HttpResponse<String> second =
        service.post(
            "/api/cab/seal-evidence",
            reordered.toString(),
            Optional.of(TestWorkflow.requester(service, "user:pipeline", "acme")));

    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    JsonNode a = TestWorkflow.json(first);
    JsonNode b = TestWorkflow.json(second);
    for (String field :
        List.of("evidenceHash", "signature", "keyId", "sealedAt", "evidencePackId", "entryIndex")) {
      assertThat(b.get(field)).as(field).isEqualTo(a.get(field));
    }
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
    JsonNode change = TestApi.json(TestApi.get(service, "/api/changes/" + changeId));
    assertThat(change.get("evidencePackages")).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void seal_samePackageConcurrently_sealedOnce(Backend backend) throws InterruptedException {
    TestService service = TestService.shared(backend);
    String changeId = newChange(service, "acme", "low");
    String body = TestEvidence.packageBody(changeId, "acme", "low", "race");
    long size = TestWorkflow.treeSize(service);
    List<HttpResponse<String>> answers = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int i = 0; i < 6; i++) {
      String token = TestEvidence.approver(service, "user:cab-" + i, "acme");
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    awaitQuietly(start);
                    answers.add(service.post("/api/cab/seal-evidence", body, Optional.of(token)));
                  }));
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(201, 200);
    assertThat(answers).filteredOn(a -> a.statusCode() == 201).hasSize(1);
    assertThat(answers)
        .extracting(a -> TestWorkflow.json(a).get("evidencePackId").asString())
        .containsOnly(TestWorkflow.json(answers.getFirst()).get("evidencePackId").asString());
    assertThat(TestWorkflow.treeSize(service)).isGreaterThanOrEqualTo(size + 1);
    JsonNode change = TestApi.json(TestApi.get(service, "/api/changes/" + changeId));
    assertThat(change.get("evidencePackages")).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void seal_sameIdempotencyKeyTwice_onceAppended(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = newChange(service, "acme", "low");
    String body = TestEvidence.packageBody(changeId, "acme", "low", "key");
    String token = TestEvidence.approver(service, "user:cab", "acme");
    HttpResponse<String> first = postWithKey(service, body, token, "seal-" + changeId);
    long size = TestWorkflow.treeSize(service);
    HttpResponse<String> second = postWithKey(service, body, token, "seal-" + changeId);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(TestWorkflow.json(second).get("evidencePackId"))
        .isEqualTo(TestWorkflow.json(first).get("evidencePackId"));
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
    HttpResponse<String> other =
        postWithKey(
            service,
            body.replace("1 to change: key", "1 to change: other"),
            token,
            "seal-" + changeId);
    TestApi.assertProblem(other, 422, "idempotency-key-reused");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void seal_approvedByAnotherPrincipal_400AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = newChange(service, "acme", "low");
    String body =
        TestEvidence.packageBody(changeId, "acme", "low", "claim")
            .replace("\"pipelineUrl\"", "\"approvedBy\": \"user:victor\", \"pipelineUrl\"");
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r = TestEvidence.seal(service, "user:mallory", "acme", body);
    TestApi.assertProblem(r, 400, "invalid-request");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  static Stream<String> mismatches() {
    return Stream.of(
        "\"client\": \"acme\"->\"client\": \"globex\"",
        "\"module\": \"tf-aws-rds\"->\"module\": \"tf-azurerm-aks\"",
        "\"riskLevel\": \"low\"->\"riskLevel\": \"critical\"");
  }

  @ParameterizedTest
  @MethodSource("mismatches")
  void seal_memberDiffersFromTheChange_409AndNothingWritten(String replacement) {
    for (Backend backend : Backend.values()) {
      TestService service = TestService.shared(backend);
      String changeId = newChange(service, "acme", "low");
      String[] parts = replacement.split("->");
      String body =
          TestEvidence.packageBody(changeId, "acme", "low", "mismatch").replace(parts[0], parts[1]);
      long before = TestWorkflow.treeSize(service);
      HttpResponse<String> r = TestEvidence.seal(service, "user:cab", "acme", body);
      TestApi.assertProblem(r, 409, "conflict");
      assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void seal_otherTenantsChange_sameProblemAsMissingAndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = newChange(service, "acme", "low");
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> hidden =
        TestEvidence.seal(
            service,
            "user:g",
            "globex",
            TestEvidence.packageBody(changeId, "globex", "low", "tenant"));
    HttpResponse<String> missing =
        TestEvidence.seal(
            service,
            "user:g",
            "globex",
            TestEvidence.packageBody("CR-nope-" + changeId, "globex", "low", "tenant"));
    TestApi.assertProblem(hidden, 404, "not-found");
    TestApi.assertProblem(missing, 404, "not-found");
    assertThat(hidden.body().replace(changeId, "X"))
        .isEqualTo(missing.body().replace("CR-nope-" + changeId, "X"));
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  static Stream<String> badBodies() {
    String ok = TestEvidence.packageBody("CR-bad", "acme", "low", "bad");
    return Stream.of(
        "{",
        "[]",
        "\"CR-bad\"",
        "",
        ok.replace("\"changeRequestId\": \"CR-bad\",", ""),
        ok.replace("\"changeRequestId\": \"CR-bad\"", "\"changeRequestId\": null"),
        ok.replace("\"changeRequestId\": \"CR-bad\"", "\"changeRequestId\": 42"),
        ok.replace("\"riskLevel\": \"low\"", "\"riskLevel\": \"severe\""),
        ok.replace("\"riskLevel\": \"low\"", "\"riskLevel\": \"LOW\""),
        ok.replace("\"riskFactors\": [\"database\"]", "\"riskFactors\": \"database\""),
        ok.replace("\"prApprovers\": [\"user:pr-reviewer\"]", "\"prApprovers\": [1]"),
        ok.replace("\"prApprovers\": [\"user:pr-reviewer\"]", "\"prApprovers\": [{\"a\": \"b\"}]"),
        ok.replace("\"testResults\": \"42 passed\"", "\"testResults\": {\"passed\": 42}"),
        ok.replace("\"testResults\": \"42 passed\"", "\"testResults\": 42"),
        ok.replace("\"securityScan\": \"passed\"", "\"securityScan\": true"),
        ok.replace("\"pipelineUrl\"", "\"approvedAt\": \"yesterday\", \"pipelineUrl\""),
        ok.replace("\"pipelineUrl\"", "\"approvedAt\": \"2026-02-30T10:00:00Z\", \"pipelineUrl\""),
        ok.replace("\"pipelineUrl\"", "\"pipelineRunUrl\""),
        ok.replace("\"module\": \"tf-aws-rds\",", "\"module\": \"tf-aws-rds\", \"module\": \"x\","),
        ok.replace("\"planSummary\": \"1 to change: bad\"", "\"planSummary\": \"\\ud800\""));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void seal_badBody_400AndNothingWritten(String body) {
    TestService service = TestService.shared(Backend.SQLITE);
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r = TestEvidence.seal(service, "user:cab", "acme", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void seal_oversizedBody_413AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = newChange(service, "acme", "low");
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> r =
        TestEvidence.seal(
            service,
            "user:cab",
            "acme",
            TestEvidence.packageBody(changeId, "acme", "low", "x".repeat(1_100_000)));
    TestApi.assertProblem(r, 413, "body-too-large");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void seal_largePackage_storedWhileTheEntryStaysSmall(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = newChange(service, "acme", "low");
    // Far beyond what one log entry may hold: the document goes to the store, the hash to the log.
    String body = TestEvidence.packageBody(changeId, "acme", "low", "y".repeat(500_000));
    HttpResponse<String> r = TestEvidence.seal(service, "user:cab", "acme", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String hash = TestWorkflow.json(r).get("evidenceHash").asString();
    HttpResponse<byte[]> read =
        service.sendForBytes(
            service
                .request("/api/evidence/" + hash, Optional.of(service.token("a", Role.AUDITOR)))
                .GET()
                .build());
    assertThat(Digest.sha256(read.body()).hex()).isEqualTo(hash);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void evidence_rowAlteredByAnIntruder_neverAnsweredAndScopeFromTheSignedEntry(Backend backend) {
    // A database of its own: the intruder's edits must not reach other tests.
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      String changeId = newChange(service, "acme", "low");
      String hash =
          TestWorkflow.json(
                  TestEvidence.seal(
                      service,
                      "user:cab",
                      "acme",
                      TestEvidence.packageBody(changeId, "acme", "low", "intruder")))
              .get("evidenceHash")
              .asString();
      String auditor = service.token("user:aud", Set.of(Role.AUDITOR), Set.of("acme"), false);
      JdbcTemplate jdbc = db.jdbc();
      if (backend == Backend.SQLITE) {
        jdbc.execute("DROP TRIGGER evidence_package_no_update");
      } else {
        jdbc.execute("DROP TRIGGER evidence_package_append_only ON evidence_package");
      }

      // The row's client column says another tenant; the signed entry still says acme.
      jdbc.update("UPDATE evidence_package SET client = 'globex' WHERE evidence_hash = ?", hash);
      assertThat(service.get("/api/evidence/" + hash, Optional.of(auditor)).statusCode())
          .isEqualTo(200);

      byte[] forged = "{\"changeRequestId\":\"forged\"}".getBytes(StandardCharsets.UTF_8);
      jdbc.update("UPDATE evidence_package SET document = ? WHERE evidence_hash = ?", forged, hash);
      HttpResponse<String> r = service.get("/api/evidence/" + hash, Optional.of(auditor));
      TestApi.assertProblem(r, 500, "ledger-integrity");
      assertThat(r.body()).doesNotContain("forged");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void evidence_otherTenantOrUnknown_sameProblemAsMissing(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = newChange(service, "acme", "low");
    String hash =
        TestWorkflow.json(
                TestEvidence.seal(
                    service,
                    "user:cab",
                    "acme",
                    TestEvidence.packageBody(changeId, "acme", "low", "hidden")))
            .get("evidenceHash")
            .asString();
    String unknown =
        Digest.sha256(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)).hex();
    String globex = service.token("user:g", Set.of(Role.AUDITOR), Set.of("globex"), false);
    HttpResponse<String> hidden = service.get("/api/evidence/" + hash, Optional.of(globex));
    HttpResponse<String> missing = service.get("/api/evidence/" + unknown, Optional.of(globex));
    TestApi.assertProblem(hidden, 404, "not-found");
    TestApi.assertProblem(missing, 404, "not-found");
    assertThat(hidden.body().replace(hash, "X")).isEqualTo(missing.body().replace(unknown, "X"));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void evidence_badHash_400(Backend backend) {
    TestService service = TestService.shared(backend);
    String hash = TestWorkflow.newPlanHash();
    for (String bad :
        List.of(hash.toUpperCase(), hash.substring(1), hash + "0", "sha256:" + hash)) {
      TestApi.assertProblem(TestApi.get(service, "/api/evidence/" + bad), 400, "invalid-request");
    }
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static HttpResponse<String> postWithKey(
      TestService service, String body, String token, String key) {
    return service.send(
        HttpRequest.newBuilder(service.uri("/api/cab/seal-evidence"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "\"" + key + "\"")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }
}
