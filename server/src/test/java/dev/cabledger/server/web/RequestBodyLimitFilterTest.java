package dev.cabledger.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** A body announced beyond the limit is refused with 413 before it is read, signed in or not. */
class RequestBodyLimitFilterTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void post_contentLengthOf50MiB_413BeforeTheBodyIsSent(boolean signedIn) {
    TestService service = TestService.shared(Backend.SQLITE);
    String auth =
        signedIn ? "\r\nAuthorization: Bearer " + service.token("user:alice", Role.REQUESTER) : "";
    long before = StrictJsonConfigurationTest.treeSize(service);
    // Only the head is sent: an answer proves the service did not wait for 50 MiB.
    RawHttp.Answer answer =
        RawHttp.send(
            service,
            "POST /api/ledger/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                + "\r\nContent-Length: 52428800"
                + auth,
            new byte[0]);
    assertThat(answer.status()).as(answer.head()).isEqualTo(413);
    assertThat(answer.isProblemJson()).isTrue();
    assertThat(JSON.readTree(answer.body()).path("type").asString()).endsWith("/body-too-large");
    assertThat(StrictJsonConfigurationTest.treeSize(service)).isEqualTo(before);
    assertThat(service.get("/api/ledger/checkpoint", Optional.empty()).statusCode()).isEqualTo(200);
  }
}
