package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

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
      } finally {
        SpringApplication.exit(app);
      }
    }
  }
}
