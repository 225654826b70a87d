package dev.cabledger.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestService;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The error page and the security firewall's rejections are problems too. */
class ErrorProblemControllerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void error_askedForDirectly_404Problem() {
    TestService service = TestService.shared(Backend.SQLITE);
    HttpResponse<String> response = service.get("/error", Optional.empty());
    assertThat(response.statusCode()).isEqualTo(404);
    assertProblem(response, 404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/ledger/checkpoint;jsessionid=x",
        "/api/ledger//checkpoint",
        "/api/ledger/%2e%2e/keys",
        "/api/ledger/check%25point"
      })
  void request_rejectedByTheFirewall_400Problem(String path) {
    TestService service = TestService.shared(Backend.SQLITE);
    RawHttp.Answer answer =
        RawHttp.send(service, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1", new byte[0]);
    assertThat(answer.status()).as(answer.head()).isEqualTo(400);
    assertThat(answer.isProblemJson()).as(answer.head() + "\n" + answer.body()).isTrue();
    assertThat(JSON.readTree(answer.body()).path("status").asInt()).isEqualTo(400);
  }

  /** The authorization table denies before routing: a method no endpoint takes needs a token. */
  @Test
  void unsupportedMethod_unauthenticated_401Problem() {
    TestService service = TestService.shared(Backend.SQLITE);
    HttpResponse<String> response =
        service.send(
            service
                .request("/api/ledger/checkpoint", Optional.empty())
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(response.statusCode()).isEqualTo(401);
    assertProblem(response, 401);
  }

  private static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asString()).isNotBlank();
  }
}
