package dev.cabledger.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.access.Role;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Reading the HTTP API in tests: as an auditor, with the answers checked as a client would. */
public final class TestApi {
  private TestApi() {}

  /** GET as an all-client auditor. */
  public static HttpResponse<String> get(TestService service, String path) {
    return service.get(path, Optional.of(service.token("user:api-test", Role.AUDITOR)));
  }

  /** The key registry the service publishes. */
  public static KeyRing keys(TestService service) {
    return KeyRing.fromJson(json(service.get("/api/keys", Optional.empty())));
  }

  /** The checkpoint of a note, verified with the registered log key under the note's origin. */
  public static Checkpoint verifiedCheckpoint(TestService service, String note) {
    RegisteredKey logKey = keys(service).withPurpose("log").getFirst();
    return new CheckpointVerifier(note.split("\n")[0], logKey.toPublicKey())
        .verify(note)
        .checkpoint();
  }

  /** The latest checkpoint, verified. */
  public static Checkpoint latestCheckpoint(TestService service) {
    return verifiedCheckpoint(
        service, service.get("/api/ledger/checkpoint", Optional.empty()).body());
  }

  /** A 200 answer's JSON. */
  public static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return CanonicalJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
  }

  public static List<Digest> hashes(JsonNode array) {
    List<Digest> hashes = new ArrayList<>();
    array.forEach(h -> hashes.add(Digest.fromBase64(h.asString())));
    return hashes;
  }

  /** A problem+json answer of that status and problem type, with a detail. */
  public static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode problem = CanonicalJson.parse(response.body().getBytes(StandardCharsets.UTF_8));
    assertThat(problem.get("type").asString()).endsWith("/problems/" + type);
    assertThat(problem.get("detail").asString()).isNotBlank();
  }
}
