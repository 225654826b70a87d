package dev.cabledger.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies are I-JSON taken exactly, or a 400 that names what is wrong and writes nothing.
 */
class StrictJsonConfigurationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String HEAD =
      "{\"subject\":\"CR-9\",\"planHash\":\""
          + "0f".repeat(32)
          + "\",\"eventType\":\"PIPELINE_NOTE\"";

  static String body(String eventData, String extra) {
    return HEAD
        + ",\"eventData\":{\"client\":\"acme\",\"note\":{\"step\":\"plan\"}"
        + eventData
        + "}"
        + extra
        + "}";
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "integer beyond 2^53", body(",\"n\":9007199254740993", ""), "9007199254740993"),
        Arguments.of(
            "decimal beyond double precision",
            body(",\"x\":1.00000000000000001", ""),
            "1.00000000000000001"),
        Arguments.of("number beyond double range", body(",\"x\":1e400", ""), "double"),
        Arguments.of(
            "duplicate member",
            HEAD + ",\"subject\":\"CR-10\",\"eventData\":{\"client\":\"acme\"}}",
            "Duplicate"),
        Arguments.of(
            "duplicate member in eventData", body(",\"client\":\"evil\"", ""), "\"client\""),
        Arguments.of(
            "unknown member",
            body("", ",\"correlationID\":\"0b0e8c8e-2b0b-4b8e-9d55-6c7e0c4e7f10\""),
            "correlationID"),
        Arguments.of(
            "numeric subject",
            "{\"subject\":42,\"planHash\":\""
                + "0f".repeat(32)
                + "\",\"eventType\":\"X\",\"eventData\":{\"client\":\"acme\"}}",
            "\"subject\""),
        Arguments.of(
            "boolean subject",
            "{\"subject\":true,\"planHash\":\""
                + "0f".repeat(32)
                + "\",\"eventType\":\"X\",\"eventData\":{\"client\":\"acme\"}}",
            "\"subject\""),
        Arguments.of(
            "too deep", body(",\"deep\":" + "[".repeat(40) + "]".repeat(40), ""), "deeper than"),
        Arguments.of("malformed", "{\"subject\" \"CR-1\"}", "line 1, column"),
        Arguments.of("trailing tokens", body("", "") + "{}", "line 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void append_nonIJsonBody_400NamingTheDefectAndNothingWritten(
      String defect, String json, String named) {
    for (Backend backend : Backend.values()) {
      TestService service = TestService.shared(backend);
      String token = service.token("user:alice", Role.REQUESTER);
      long before = treeSize(service);
      HttpResponse<String> response = service.post("/api/ledger/events", json, Optional.of(token));
      assertThat(response.statusCode())
          .as(backend + " " + defect + ": " + response.body())
          .isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.path("type").asString()).endsWith("/invalid-json");
      assertThat(problem.path("detail").asString()).contains(named);
      assertThat(response.body())
          .doesNotContain("dev.cabledger")
          .doesNotContain("tools.jackson")
          .doesNotContain("java.lang");
      assertThat(treeSize(service)).isEqualTo(before);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_exactIntegers_acceptedAndSignedAsSent(Backend backend) {
    TestService service = TestService.shared(backend);
    String token = service.token("user:alice", Role.REQUESTER);
    HttpResponse<String> response =
        service.post(
            "/api/ledger/events",
            HEAD
                + ",\"eventData\":{\"client\":\"acme\",\"note\":"
                + "{\"max\":9007199254740991,\"n\":-7}}}",
            Optional.of(token));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    long index = JSON.readTree(response.body()).path("index").asLong();
    String entry =
        JSON.readTree(
                service
                    .get(
                        "/api/ledger/entries/" + index,
                        Optional.of(service.token("user:audit", Role.AUDITOR)))
                    .body())
            .path("entry")
            .asString();
    JsonNode envelope = JSON.readTree(java.util.Base64.getDecoder().decode(entry));
    String statement =
        new String(
            java.util.Base64.getDecoder().decode(envelope.path("payload").asString()),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(statement).contains("\"max\":9007199254740991").contains("\"n\":-7");
  }

  static long treeSize(TestService service) {
    return Long.parseLong(
        service.get("/api/ledger/checkpoint", Optional.empty()).body().split("\n")[1]);
  }
}
