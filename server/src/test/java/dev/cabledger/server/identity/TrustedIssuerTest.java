package dev.cabledger.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.storage.Backend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The two other ways to trust an issuer: a JWK set URI alone, and a provider that is down. */
class TrustedIssuerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PROTECTED = "/actuator/prometheus";

  @Test
  void decode_jwkSetUriWithoutDiscovery_acceptsTokensSignedByItsKeys() {
    try (TestIdentityProvider idp = new TestIdentityProvider();
        TestDatabase db = TestDatabase.create(Backend.SQLITE);
        TestService service =
            TestService.start(db, "cab.identity.jwk-set-uri=" + idp.issuer + "/jwks")) {
      String good = idp.sign("ES256", idp.claims("user:alice", "AUDITOR"));
      String foreign =
          TestIdentityProvider.jws(
              "EdDSA",
              "ed-1",
              idp.claims("user:mallory", "AUDITOR"),
              "Ed25519",
              TestIdentityProvider.generate("Ed25519", 0).getPrivate());

      assertThat(service.get(PROTECTED, Optional.of(good)).statusCode()).isEqualTo(200);
      HttpResponse<String> rejected = service.get(PROTECTED, Optional.of(foreign));
      assertThat(rejected.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(rejected.body()).path("reason").asString())
          .isEqualTo("bad-signature");
    }
  }

  @Test
  void decode_providerUnreachable_503NotTheCallersFault() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (TestIdentityProvider idp = new TestIdentityProvider();
        TestDatabase db = TestDatabase.create(Backend.SQLITE);
        TestService service =
            TestService.start(
                db, "cab.identity.issuer-uri=http://127.0.0.1:" + closedPort + "/realms/down")) {
      String token = idp.sign("RS256", idp.claims("user:alice", "AUDITOR"));

      HttpResponse<String> response = service.get(PROTECTED, Optional.of(token));

      assertThat(response.statusCode()).isEqualTo(503);
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.path("type").asString()).endsWith("identity-provider-unavailable");
      assertThat(response.body()).doesNotContain(token);
      assertThat(service.get("/api/ledger/checkpoint", Optional.empty()).statusCode())
          .isEqualTo(200);
    }
  }
}
