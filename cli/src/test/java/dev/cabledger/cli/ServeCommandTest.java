package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.LocalIssuer;
import dev.cabledger.server.storage.Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code cab-ledger serve --demo}: a new log with signed sample events, served on the port. */
class ServeCommandTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void serveDemo_newLog_servesACheckpointOverTheSampleEvents(Backend backend) throws Exception {
    try (TestDatabase db = TestDatabase.create(backend)) {
      ServeCommand serve = new ServeCommand();
      int code =
          new CommandLine(serve)
              .execute(
                  "--demo",
                  "--port",
                  "0",
                  "--data-dir",
                  db.dataDir().toString(),
                  "--db-url",
                  db.url(),
                  "--cab.db-pool-size=3",
                  "--server.address=127.0.0.1");
      assertThat(code).isZero();
      ConfigurableApplicationContext app = serve.app().orElseThrow();
      try (HttpClient http = HttpClient.newHttpClient()) {
        int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
        HttpResponse<String> checkpoint =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/ledger/checkpoint"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(checkpoint.statusCode()).isEqualTo(200);
        // Two key registrations, then the demo's sample events.
        assertThat(Long.parseLong(checkpoint.body().split("\n")[1])).isGreaterThan(2);
        // Among them a standard change approved by its template, and an emergency change.
        String auditor = TestService.token(db.dataDir(), "user:demo-auditor", Role.AUDITOR);
        JsonNode standard = change(http, port, auditor, "CR-DEMO-1005");
        assertThat(standard.path("status").asString()).isEqualTo("approved");
        assertThat(standard.path("changeType").path("type").asString()).isEqualTo("standard");
        JsonNode emergency = change(http, port, auditor, "CR-DEMO-2003");
        assertThat(emergency.path("changeType").path("review").path("approvedBy").asString())
            .isEqualTo("user:pat");
        // The critical change's approvals are signed by the approvers' own keys, as the default
        // policy asks: the gate approves it.
        String plan =
            Digest.sha256("demo plan of CR-DEMO-2001".getBytes(StandardCharsets.UTF_8)).hex();
        String token =
            LocalIssuer.open(db.dataDir().resolve("keys"))
                .mint(
                    "pipeline:demo",
                    Set.of(Role.REQUESTER),
                    Set.of(),
                    true,
                    Duration.ofMinutes(5),
                    Clock.systemUTC());
        HttpResponse<String> gate =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/api/gate?change=CR-DEMO-2001&planHash="
                                + plan))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gate.body()).contains("\"decision\":\"APPROVED\"");
        assertThat(db.dataDir().resolve("demo-keys").resolve("alice.pem")).exists();
      } finally {
        SpringApplication.exit(app);
      }
    }
  }

  private static JsonNode change(HttpClient http, int port, String token, String id)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/changes/" + id))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JsonMapper.shared().readTree(r.body());
  }
}
