package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/ledger/entries/{index}}: honest statuses under concurrency and across tenants.
 */
class LedgerControllerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PLAN = "0f".repeat(32);

  @ParameterizedTest
  @EnumSource(Backend.class)
  void entry_anotherClientsEntry_answersExactlyAsAMissingOne(Backend backend) {
    TestService service = TestService.shared(backend);
    long globex = append(service, "globex");
    String acmeOnly = service.token("user:carol", Set.of(Role.AUDITOR), Set.of("acme"), false);

    HttpResponse<String> hidden =
        service.get("/api/ledger/entries/" + globex, Optional.of(acmeOnly));
    long missing = treeSize(service) + 1_000_000;
    HttpResponse<String> absent =
        service.get("/api/ledger/entries/" + missing, Optional.of(acmeOnly));

    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(absent.statusCode()).isEqualTo(404);
    assertThat(hidden.headers().firstValue("Content-Type"))
        .isEqualTo(absent.headers().firstValue("Content-Type"));
    // Byte for byte the same, but for the index each names.
    assertThat(hidden.body().replace(Long.toString(globex), "N"))
        .isEqualTo(absent.body().replace(Long.toString(missing), "N"));
    JsonNode problem = JSON.readTree(hidden.body());
    assertThat(problem.path("type").asString()).endsWith("/not-found");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void entry_committedWhileBeingRead_answers200Or404Never400(Backend backend) throws Exception {
    TestService service = TestService.shared(backend);
    String reader = service.token("user:audit", Role.AUDITOR);
    AtomicBoolean appending = new AtomicBoolean(true);
    CompletableFuture<Void> appends =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int i = 0; i < 80; i++) {
                  append(service, "acme");
                }
              } finally {
                appending.set(false);
              }
            });
    List<Integer> statuses = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    while (appending.get()) {
      // The entries just past the latest checkpoint are the ones being committed right now.
      long next = treeSize(service);
      for (long i = next; i < next + 3; i++) {
        HttpResponse<String> response =
            service.get("/api/ledger/entries/" + i, Optional.of(reader));
        statuses.add(response.statusCode());
        if (response.statusCode() != 200 && response.statusCode() != 404) {
          wrong.add(i + " → " + response.statusCode() + " " + response.body());
        }
      }
    }
    appends.get();
    assertThat(wrong).isEmpty();
    assertThat(statuses).contains(200);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void checkpoint_isSignedByTheRegisteredLogKey(Backend backend) {
    TestService service = TestService.shared(backend);
    HttpResponse<String> note = service.get("/api/ledger/checkpoint", Optional.empty());

    assertThat(note.statusCode()).isEqualTo(200);
    assertThat(note.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    Checkpoint cp = TestApi.verifiedCheckpoint(service, note.body());
    assertThat(cp.size()).isGreaterThanOrEqualTo(2); // the two key registrations at least
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void entry_carriesBytesAndAProofToTheLatestCheckpoint(Backend backend) {
    TestService service = TestService.shared(backend);
    long index = append(service, "acme");
    JsonNode entry = TestApi.json(TestApi.get(service, "/api/ledger/entries/" + index));
    Checkpoint cp = TestApi.verifiedCheckpoint(service, entry.get("checkpoint").asString());

    byte[] bytes = Base64.getDecoder().decode(entry.get("entry").asString());
    Digest leaf = MerkleHash.leaf(bytes);
    assertThat(entry.get("leafHash").asString()).isEqualTo(leaf.base64());
    new InclusionProof(index, cp.size(), TestApi.hashes(entry.get("inclusionProof")))
        .verify(leaf, cp.root());
    Statement statement = Statement.parse(Envelope.parse(bytes).payload());
    assertThat(statement.predicate().eventType()).isEqualTo(EventType.PIPELINE_NOTE);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void entry_badOrMissingIndex_isAProblemNotAServerError(Backend backend) {
    TestService service = TestService.shared(backend);
    TestApi.assertProblem(TestApi.get(service, "/api/ledger/entries/100000000"), 404, "not-found");
    TestApi.assertProblem(TestApi.get(service, "/api/ledger/entries/-1"), 400, "invalid-range");
    HttpResponse<String> notANumber = TestApi.get(service, "/api/ledger/entries/abc");
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(notANumber.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void inclusionProof_forAnOlderTreeSizeVerifiesAgainstThatSizesRoot(Backend backend) {
    TestService service = TestService.shared(backend);
    long index = append(service, "acme");
    Checkpoint before = TestApi.latestCheckpoint(service);
    append(service, "acme");
    JsonNode proof =
        TestApi.json(
            service.get(
                "/api/ledger/proofs/inclusion?index=" + index + "&treeSize=" + before.size(),
                Optional.empty()));
    JsonNode entry = TestApi.json(TestApi.get(service, "/api/ledger/entries/" + index));
    Digest leaf = Digest.fromBase64(entry.get("leafHash").asString());

    new InclusionProof(index, before.size(), TestApi.hashes(proof.get("hashes")))
        .verify(leaf, before.root());
    TestApi.assertProblem(
        service.get("/api/ledger/proofs/inclusion?index=5&treeSize=5", Optional.empty()),
        400,
        "invalid-range");
    TestApi.assertProblem(
        service.get("/api/ledger/proofs/inclusion?index=0&treeSize=999999999", Optional.empty()),
        404,
        "not-in-log");
    assertThat(service.get("/api/ledger/proofs/inclusion", Optional.empty()).statusCode())
        .isEqualTo(400);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void consistencyProof_joinsTwoSignedCheckpoints(Backend backend) {
    TestService service = TestService.shared(backend);
    Checkpoint older = TestApi.latestCheckpoint(service);
    append(service, "acme");
    Checkpoint newer = TestApi.latestCheckpoint(service);
    JsonNode proof =
        TestApi.json(
            service.get(
                "/api/ledger/proofs/consistency?from=" + older.size() + "&to=" + newer.size(),
                Optional.empty()));

    new ConsistencyProof(older.size(), newer.size(), TestApi.hashes(proof.get("hashes")))
        .verify(older.root(), newer.root());
    TestApi.assertProblem(
        service.get("/api/ledger/proofs/consistency?from=0", Optional.empty()),
        400,
        "invalid-range");
    TestApi.assertProblem(
        service.get("/api/ledger/proofs/consistency?from=3&to=2", Optional.empty()),
        400,
        "invalid-range");
  }

  private static long append(TestService service, String client) {
    HttpResponse<String> response =
        service.post(
            "/api/ledger/events",
            "{\"subject\":\"CR-1\",\"planHash\":\""
                + PLAN
                + "\",\"eventType\":\"PIPELINE_NOTE\",\"eventData\":{\"client\":\""
                + client
                + "\",\"note\":{}}}",
            Optional.of(service.token("user:rita", Role.REQUESTER)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).path("index").asLong();
  }

  private static long treeSize(TestService service) {
    return Long.parseLong(
        service.get("/api/ledger/checkpoint", Optional.empty()).body().split("\n")[1]);
  }
}
