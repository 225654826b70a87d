package dev.cabledger.server.identity;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OIDC identity provider for tests: real RSA (RS256), P-256 (ES256) and Ed25519 (EdDSA) keys,
 * their JWK set and a discovery document served over real HTTP on loopback, and compact JWS tokens
 * signed with the JDK's own signature providers.
 */
final class TestIdentityProvider implements AutoCloseable {
  static final String AUDIENCE = "cab-ledger";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final KeyPair rsa = generate("RSA", 2048);
  final KeyPair ec = generateEc();
  final KeyPair ed = generate("Ed25519", 0);
  private final HttpServer server;
  final String issuer;

  TestIdentityProvider() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
    String jwks = new JWKSet(List.of(rsaJwk(), ecJwk(), edJwk())).toString(true);
    String discovery =
        JSON.writeValueAsString(Map.of("issuer", issuer, "jwks_uri", issuer + "/jwks"));
    serve("/realms/test/jwks", jwks);
    serve("/realms/test/.well-known/openid-configuration", discovery);
    server.start();
  }

  private void serve(String path, String body) {
    server.createContext(
        path,
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (var out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
  }

  /** Claims valid now for this provider, with {@code roles} and all-client scope. */
  Map<String, Object> claims(String subject, String... roles) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("sub", subject);
    claims.put("aud", List.of(AUDIENCE));
    claims.put("iat", now);
    claims.put("nbf", now);
    claims.put("exp", now + 300);
    claims.put("roles", List.of(roles));
    claims.put("all_clients", true);
    return claims;
  }

  /** A token signed with this provider's key for {@code alg} (RS256, ES256 or EdDSA). */
  String sign(String alg, Map<String, Object> claims) {
    return switch (alg) {
      case "RS256" -> jws(alg, "rsa-1", claims, "SHA256withRSA", rsa.getPrivate());
      case "ES256" -> jws(alg, "ec-1", claims, "SHA256withECDSAinP1363Format", ec.getPrivate());
      case "EdDSA" -> jws(alg, "ed-1", claims, "Ed25519", ed.getPrivate());
      default -> throw new IllegalArgumentException(alg);
    };
  }

  /** A compact JWS with the given header values, signed with {@code key}. */
  static String jws(
      String alg, String kid, Map<String, Object> claims, String jdkAlgorithm, PrivateKey key) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", alg);
    header.put("kid", kid);
    header.put("typ", "JWT");
    String input =
        b64.encodeToString(JSON.writeValueAsBytes(header))
            + "."
            + b64.encodeToString(JSON.writeValueAsBytes(claims));
    try {
      Signature signer = Signature.getInstance(jdkAlgorithm);
      signer.initSign(key);
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsigned token ({@code alg: none}, RFC 7519 §6). */
  static String unsigned(Map<String, Object> claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(JSON.writeValueAsBytes(claims))
        + ".";
  }

  private RSAKey rsaJwk() {
    return new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("rsa-1").build();
  }

  private ECKey ecJwk() {
    return new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic()).keyID("ec-1").build();
  }

  OctetKeyPair edJwk() {
    byte[] spki = ed.getPublic().getEncoded();
    byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID("ed-1").build();
  }

  static KeyPair generate(String algorithm, int size) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (size > 0) {
        g.initialize(size);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generateEc() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
