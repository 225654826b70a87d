package dev.cabledger.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.VerifiedBundle;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.CabLedgerApplication;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestEvents;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The HTTP API over a real server on a random port, on each backend. */
@ParameterizedClass
@EnumSource(Backend.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {
  @Parameter Backend backend;

  private TestDatabase db;
  private ConfigurableApplicationContext app;
  private final HttpClient http = HttpClient.newHttpClient();
  private String base;
  private String token;

  @BeforeAll
  void start() {
    db = TestDatabase.create(backend);
    app =
        new SpringApplicationBuilder(CabLedgerApplication.class)
            // Arguments, not default properties: those rank below application.yml and the
            // environment (CAB_DB_URL must not redirect a test or a benchmark).
            .run(
                "--server.port=0",
                "--cab.data-dir=" + db.dataDir(),
                "--cab.db-url=" + db.url(),
                "--cab.db-pool-size=3",
                "--cab.origin=test.cab-ledger.local/api",
                "--spring.main.banner-mode=off");
    base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    token = TestService.token(db.dataDir(), "user:api-test", Role.AUDITOR);
    append(5);
  }

  @AfterAll
  void stop() {
    app.close();
    db.close();
  }

  @Test
  void checkpoint_isSignedByTheRegisteredLogKey() throws Exception {
    HttpResponse<String> note = get("/api/ledger/checkpoint");

    assertThat(note.statusCode()).isEqualTo(200);
    assertThat(note.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    Checkpoint cp = verifyCheckpoint(note.body());
    assertThat(cp.origin()).isEqualTo("test.cab-ledger.local/api");
    assertThat(cp.size()).isGreaterThanOrEqualTo(7); // 2 key registrations + 5 entries
  }

  @Test
  void keys_listsLogAndServiceKeysEachRegisteredByAnEntry() throws Exception {
    KeyRing ring = keys();
    assertThat(ring.keys()).extracting(RegisteredKey::purpose).contains("log", "service");
    for (RegisteredKey key : ring.keys()) {
      assertThat(key.algorithm()).isEqualTo("ML-DSA-65");
      assertThat(key.toPublicKey()).isNotNull();
    }
  }

  @Test
  void entry_carriesBytesAndAProofToTheLatestCheckpoint() throws Exception {
    JsonNode entry = json(get("/api/ledger/entries/3"));
    Checkpoint cp = verifyCheckpoint(entry.get("checkpoint").asString());

    byte[] bytes = Base64.getDecoder().decode(entry.get("entry").asString());
    Digest leaf = MerkleHash.leaf(bytes);
    assertThat(entry.get("leafHash").asString()).isEqualTo(leaf.base64());
    new InclusionProof(3, cp.size(), hashes(entry.get("inclusionProof"))).verify(leaf, cp.root());
    Statement statement = Statement.parse(Envelope.parse(bytes).payload());
    assertThat(statement.predicate().eventType()).isEqualTo("CAB_APPROVED");
  }

  @Test
  void entry_badOrMissingIndex_isAProblemNotAServerError() throws Exception {
    assertProblem(get("/api/ledger/entries/100000"), 404, "not-in-log");
    assertProblem(get("/api/ledger/entries/-1"), 400, "invalid-range");
    HttpResponse<String> notANumber = get("/api/ledger/entries/abc");
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(notANumber.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
  }

  @Test
  void inclusionProof_forAnOlderTreeSizeVerifiesAgainstThatSizesRoot() throws Exception {
    Checkpoint before = verifyCheckpoint(get("/api/ledger/checkpoint").body());
    append(3);
    JsonNode proof = json(get("/api/ledger/proofs/inclusion?index=2&treeSize=" + before.size()));
    JsonNode entry = json(get("/api/ledger/entries/2"));
    Digest leaf = Digest.fromBase64(entry.get("leafHash").asString());

    new InclusionProof(2, before.size(), hashes(proof.get("hashes"))).verify(leaf, before.root());
    assertProblem(get("/api/ledger/proofs/inclusion?index=5&treeSize=5"), 400, "invalid-range");
    assertProblem(get("/api/ledger/proofs/inclusion?index=0&treeSize=99999"), 404, "not-in-log");
    assertThat(get("/api/ledger/proofs/inclusion").statusCode()).isEqualTo(400);
  }

  @Test
  void consistencyProof_joinsTwoSignedCheckpoints() throws Exception {
    Checkpoint older = verifyCheckpoint(get("/api/ledger/checkpoint").body());
    append(4);
    Checkpoint newer = verifyCheckpoint(get("/api/ledger/checkpoint").body());
    JsonNode proof =
        json(get("/api/ledger/proofs/consistency?from=" + older.size() + "&to=" + newer.size()));

    new ConsistencyProof(older.size(), newer.size(), hashes(proof.get("hashes")))
        .verify(older.root(), newer.root());
    assertProblem(get("/api/ledger/proofs/consistency?from=0"), 400, "invalid-range");
    assertProblem(get("/api/ledger/proofs/consistency?from=3&to=2"), 400, "invalid-range");
  }

  @Test
  void bundle_streamsARangeThatVerifiesOfflineWithPinnedKeys() throws Exception {
    KeyRing pinned = keys();
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/audit/bundle?from=1&to=6"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    VerifiedBundle verified =
        new BundleVerifier(Optional.of(pinned)).verify(new ByteArrayInputStream(response.body()));
    assertThat(verified.entries()).isEqualTo(5);
    assertThat(verified.from()).isEqualTo(1);
    assertThat(verified.notes()).isEmpty();
    assertProblem(get("/api/audit/bundle?from=4&to=2"), 400, "invalid-range");
    assertProblem(get("/api/audit/bundle?to=999999"), 404, "not-in-log");
  }

  @Test
  void ledgerCheck_passesOnAnUntouchedLog() throws Exception {
    JsonNode check = json(get("/api/audit/ledger-check"));
    assertThat(check.get("passed").asBoolean()).as(check.toString()).isTrue();
    assertThat(check.get("findings")).isEmpty();
  }

  @Test
  void actuator_healthAndLedgerMetricsAnswer() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"UP\"");
    HttpResponse<String> metrics = get("/actuator/prometheus");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("cab_ledger_append_seconds_count");
    assertThat(get("/v3/api-docs").body()).contains("/api/ledger/checkpoint");
  }

  private void append(int n) {
    TestEvents.append(app, n);
  }

  private KeyRing keys() throws Exception {
    return KeyRing.fromJson(json(get("/api/keys")));
  }

  private Checkpoint verifyCheckpoint(String note) throws Exception {
    RegisteredKey logKey = keys().withPurpose("log").getFirst();
    return new CheckpointVerifier("test.cab-ledger.local/api", logKey.toPublicKey())
        .verify(note)
        .checkpoint();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return CanonicalJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
  }

  private static List<Digest> hashes(JsonNode array) {
    List<Digest> hashes = new ArrayList<>();
    array.forEach(h -> hashes.add(Digest.fromBase64(h.asString())));
    return hashes;
  }

  private static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode problem = CanonicalJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
    assertThat(problem.get("type").asString()).endsWith("/problems/" + type);
    assertThat(problem.get("detail").asString()).isNotBlank();
  }
}
