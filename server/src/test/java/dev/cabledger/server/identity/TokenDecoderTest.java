package dev.cabledger.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real JWT flow against an external OIDC issuer: the service discovers the test provider's JWK
 * set over loopback HTTP and accepts or rejects real signed tokens, each rejection with its reason.
 */
class TokenDecoderTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PROTECTED = "/actuator/prometheus";

  private static TestIdentityProvider idp;
  private static TestDatabase db;
  private static TestService service;

  @BeforeAll
  static void start() {
    idp = new TestIdentityProvider();
    db = TestDatabase.create(Backend.SQLITE);
    service =
        TestService.start(
            db, "cab.identity.issuer-uri=" + idp.issuer, "cab.identity.failure-limit=100000");
  }

  @AfterAll
  static void stop() {
    service.close();
    db.close();
    idp.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
  void decode_validTokenOfEachAlgorithm_isAccepted(String alg) {
    String token = idp.sign(alg, idp.claims("user:alice", "AUDITOR"));
    HttpResponse<String> response = service.get(PROTECTED, Optional.of(token));
    assertThat(response.statusCode()).isEqualTo(200);
  }

  static Stream<Arguments> rejected() {
    Function<Map<String, Object>, Map<String, Object>> same = c -> c;
    return Stream.of(
        Arguments.of("expired", alter(c -> c.put("exp", now() - 600))),
        Arguments.of("not-yet-valid", alter(c -> c.put("nbf", now() + 600))),
        Arguments.of("wrong-issuer", alter(c -> c.put("iss", "https://evil.example/realm"))),
        Arguments.of("wrong-audience", alter(c -> c.put("aud", List.of("another-service")))),
        Arguments.of("invalid-claims", alter(c -> c.remove("exp"))),
        Arguments.of("bad-signature", same),
        Arguments.of("unsigned", same),
        Arguments.of("unknown-key", same),
        Arguments.of("malformed", same));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void decode_badToken_401WithReason(
      String reason, Function<Map<String, Object>, Map<String, Object>> alteration) {
    Map<String, Object> claims = alteration.apply(idp.claims("user:mallory", "PLATFORM_ADMIN"));
    String token =
        switch (reason) {
          case "bad-signature" -> {
            // Same key id as the provider's RSA key, signed by another RSA key.
            KeyPair other = TestIdentityProvider.generate("RSA", 2048);
            yield TestIdentityProvider.jws(
                "RS256", "rsa-1", claims, "SHA256withRSA", other.getPrivate());
          }
          case "unsigned" -> TestIdentityProvider.unsigned(claims);
          case "unknown-key" ->
              TestIdentityProvider.jws(
                  "EdDSA",
                  "not-a-key-of-the-provider",
                  claims,
                  "Ed25519",
                  TestIdentityProvider.generate("Ed25519", 0).getPrivate());
          case "malformed" -> "not-a-jwt";
          default -> idp.sign("ES256", claims);
        };
    HttpResponse<String> response = service.get(PROTECTED, Optional.of(token));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(401);
    assertThat(problem.path("reason").asString()).isEqualTo(reason);
    assertThat(problem.path("detail").asString()).isNotBlank();
    assertThat(response.body()).doesNotContain(token).doesNotContain("Exception");
  }

  @Test
  void decode_numericSubject_401InsteadOfCoercedToAString() {
    Map<String, Object> claims = new java.util.HashMap<>(idp.claims("user:x", "AUDITOR"));
    claims.put("sub", 12345);
    HttpResponse<String> response = service.get(PROTECTED, Optional.of(idp.sign("ES256", claims)));
    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("reason").asString()).isEqualTo("invalid-claims");
    assertThat(problem.path("detail").asString()).contains("sub");
  }

  @Test
  void decode_tokenWithHs256_401UnsupportedAlgorithm() {
    String token =
        TestIdentityProvider.jws(
            "HS256",
            "rsa-1",
            idp.claims("user:x", "AUDITOR"),
            "Ed25519",
            TestIdentityProvider.generate("Ed25519", 0).getPrivate());
    HttpResponse<String> response = service.get(PROTECTED, Optional.of(token));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).path("reason").asString())
        .isEqualTo("unsupported-algorithm");
  }

  @Test
  void authorize_knownPrincipalWithoutTheRole_403Problem() {
    String token = idp.sign("RS256", idp.claims("user:rita", "REQUESTER"));
    HttpResponse<String> response = service.get(PROTECTED, Optional.of(token));
    assertThat(response.statusCode()).isEqualTo(403);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("type").asString()).endsWith("/forbidden");
    assertThat(problem.path("detail").asString()).contains("REQUESTER");
  }

  @Test
  void authorize_noToken_401MissingToken() {
    HttpResponse<String> response = service.get(PROTECTED, Optional.empty());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).path("reason").asString()).isEqualTo("missing-token");
  }

  @Test
  void jwks_externalIssuer_404() {
    assertThat(service.get("/api/identity/jwks", Optional.empty()).statusCode()).isEqualTo(404);
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private static Function<Map<String, Object>, Map<String, Object>> alter(
      java.util.function.Consumer<Map<String, Object>> change) {
    return c -> {
      change.accept(c);
      return c;
    };
  }

  /** A decoder of the provider's Ed25519 tokens, with keys and a clock the test moves. */
  private static TokenDecoder decoder(AtomicReference<JWKSet> published, Clock clock) {
    return new TokenDecoder(
        (selector, context) -> selector.select(published.get()),
        Optional.of(idp.issuer),
        TestIdentityProvider.AUDIENCE,
        clock);
  }

  @Test
  void decode_sameTokenAgain_rejectedOnceExpired() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    TokenDecoder decoder = decoder(new AtomicReference<>(new JWKSet(idp.edJwk())), clock);
    String token = idp.sign("EdDSA", idp.claims("user:alice", "AUDITOR")); // expires in 300 s
    assertThat(decoder.decode(token).getSubject()).isEqualTo("user:alice");
    assertThat(decoder.decode(token).getSubject()).isEqualTo("user:alice"); // remembered

    now.set(now.get().plusSeconds(300).plus(TokenDecoder.CLOCK_SKEW).plusSeconds(5));

    assertThatThrownBy(() -> decoder.decode(token))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.EXPIRED));
  }

  @Test
  void decode_sameTokenAfterTheIssuerWithdrawsItsKey_rejected() {
    AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(idp.edJwk()));
    TokenDecoder decoder = decoder(published, Clock.systemUTC());
    String token = idp.sign("EdDSA", idp.claims("user:alice", "AUDITOR"));
    assertThat(decoder.decode(token).getSubject()).isEqualTo("user:alice");

    published.set(new JWKSet(List.of()));

    assertThatThrownBy(() -> decoder.decode(token))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.UNKNOWN_KEY));
  }
}
