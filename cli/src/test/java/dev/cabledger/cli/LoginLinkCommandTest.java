package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.storage.Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cab-ledger login-link} against a real service on the same data directory. */
class LoginLinkCommandTest {

  @Test
  void loginLink_afterFirstServe_printsALinkThatSignsInOnce() throws Exception {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE);
        TestService service = TestService.start(db);
        HttpClient http = HttpClient.newHttpClient()) {
      VerifyCommandTest.Result result =
          VerifyCommandTest.run(
              "login-link",
              "--data-dir",
              db.dataDir().toString(),
              "--user",
              "alice",
              "--roles",
              "cab_approver",
              "--clients",
              "acme",
              "--base-url",
              service.uri("/").toString());
      assertThat(result.code()).as(result.err()).isZero();
      String link = result.out().strip();
      assertThat(link).startsWith(service.uri("/console/login?token=").toString());
      assertThat(result.err()).contains("works once");

      HttpResponse<String> first =
          http.send(
              HttpRequest.newBuilder(URI.create(link)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(first.statusCode()).isEqualTo(302);
      assertThat(first.headers().firstValue("Location"))
          .hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
      HttpResponse<String> second =
          http.send(
              HttpRequest.newBuilder(URI.create(link)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(second.statusCode()).isEqualTo(410);
      assertThat(second.body()).contains("already used");
    }
  }

  @Test
  void loginLink_ttlOverAnHour_refused() {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE);
        TestService service = TestService.start(db)) {
      assertThat(service.uri("/")).isNotNull();
      VerifyCommandTest.Result result =
          VerifyCommandTest.run(
              "login-link",
              "--data-dir",
              db.dataDir().toString(),
              "--user",
              "alice",
              "--roles",
              "AUDITOR",
              "--all-clients",
              "--ttl",
              "2h");
      assertThat(result.code()).isEqualTo(2);
      assertThat(result.err()).contains("at most one hour");
    }
  }

  @Test
  void loginLink_baseUrlNotHttp_refused(@TempDir Path dir) {
    VerifyCommandTest.Result result =
        VerifyCommandTest.run(
            "login-link",
            "--data-dir",
            dir.toString(),
            "--user",
            "a",
            "--roles",
            "AUDITOR",
            "--clients",
            "acme",
            "--base-url",
            "javascript:alert(1)");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--base-url");
  }
}
