package dev.cabledger.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestService;
import dev.cabledger.server.storage.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What Tomcat refuses before any servlet runs is still answered as a problem, never HTML. */
class ProblemErrorReportValveTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /api/ledger/%00 HTTP/1.1",
        "GET /api/ledger%2Fcheckpoint HTTP/1.1",
        "GET /api/ledger/%zz HTTP/1.1",
        "LONG_URI",
        "LONG_HEADER",
        "TRACE /api/ledger/checkpoint HTTP/1.1"
      })
  void request_refusedByTheContainer_answersProblemJson(String request) {
    TestService service = TestService.shared(Backend.SQLITE);
    String head =
        switch (request) {
          case "LONG_URI" -> "GET /api/ledger/" + "a".repeat(70_000) + " HTTP/1.1";
          case "LONG_HEADER" ->
              "GET /api/ledger/checkpoint HTTP/1.1\r\nX-Long: " + "a".repeat(70_000);
          default -> request;
        };
    RawHttp.Answer answer = RawHttp.send(service, head + "\r\nHost: 127.0.0.1", new byte[0]);
    assertThat(answer.status()).as(answer.head()).isBetween(400, 499);
    assertThat(answer.isProblemJson()).as(answer.head() + "\n" + answer.body()).isTrue();
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.path("status").asInt()).isEqualTo(answer.status());
    assertThat(problem.path("type").asString()).startsWith("https://cab-ledger.dev/problems/");
    assertThat(problem.path("detail").asString()).isNotBlank();
    assertThat(answer.body()).doesNotContain("<html").doesNotContain("Tomcat");
  }
}
