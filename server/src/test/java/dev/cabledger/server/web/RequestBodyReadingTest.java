package dev.cabledger.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

class RequestBodyReadingTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void requireUtf8_overlongSlash_refusedAtItsOffset() {
    byte[] body = {'"', 'a', (byte) 0xC0, (byte) 0xAF, '"'};
    assertThatThrownBy(() -> RequestBodyReading.requireUtf8(body))
        .isInstanceOf(InvalidRequestBodyException.class)
        .hasMessageContaining("byte 2");
  }

  @Test
  void requireUtf8_encodedSurrogateOrTruncatedSequence_refused() {
    assertThatThrownBy(
            () ->
                RequestBodyReading.requireUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
        .isInstanceOf(InvalidRequestBodyException.class);
    assertThatThrownBy(
            () -> RequestBodyReading.requireUtf8(new byte[] {'a', (byte) 0xE2, (byte) 0x82}))
        .isInstanceOf(InvalidRequestBodyException.class);
    RequestBodyReading.requireUtf8("ä€😀".getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_overlongUtf8InAString_400AndNothingWritten(Backend backend) throws Exception {
    TestService service = TestService.shared(backend);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        StrictJsonConfigurationTest.body("", "")
            .replace("CR-9", "CR-\u0001")
            .getBytes(StandardCharsets.UTF_8));
    byte[] bytes = body.toByteArray();
    // Replace the U+0001 placeholder with the overlong form of '/' (C0 AF).
    ByteArrayOutputStream patched = new ByteArrayOutputStream();
    for (byte b : bytes) {
      if (b == 1) {
        patched.write(0xC0);
        patched.write(0xAF);
      } else {
        patched.write(b);
      }
    }
    long before = StrictJsonConfigurationTest.treeSize(service);
    HttpResponse<String> response =
        service.send(
            service
                .request("/api/ledger/events", Optional.of(service.token("user:a", Role.REQUESTER)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(patched.toByteArray()))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("UTF-8");
    assertThat(StrictJsonConfigurationTest.treeSize(service)).isEqualTo(before);
  }

  @Test
  void append_chunkedBodyBeyondTheLimit_413AndNothingWritten() {
    TestService service = TestService.shared(Backend.SQLITE);
    String padding = "x".repeat(1_100_000);
    byte[] body =
        StrictJsonConfigurationTest.body(",\"pad\":\"" + padding + "\"", "")
            .getBytes(StandardCharsets.UTF_8);
    long before = StrictJsonConfigurationTest.treeSize(service);
    HttpResponse<String> response =
        service.send(
            service
                .request("/api/ledger/events", Optional.of(service.token("user:a", Role.REQUESTER)))
                .header("Content-Type", "application/json")
                // No length: the client sends the body chunked.
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(JSON.readTree(response.body()).path("type").asString()).endsWith("/body-too-large");
    assertThat(StrictJsonConfigurationTest.treeSize(service)).isEqualTo(before);
  }
}
