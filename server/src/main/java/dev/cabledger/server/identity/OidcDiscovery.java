package dev.cabledger.server.identity;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JWK set of an OIDC issuer, found through its discovery document ({@code
 * /.well-known/openid-configuration}, OpenID Connect Discovery 1.0 §4) at the first token, not at
 * start-up: the service starts even while the identity provider is down, and tokens are answered
 * 503 until it is back.
 */
final class OidcDiscovery implements JWKSource<SecurityContext> {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI issuer;
  private final AtomicReference<@Nullable JWKSource<SecurityContext>> discovered =
      new AtomicReference<>();

  OidcDiscovery(URI issuer) {
    this.issuer = issuer;
  }

  /** The caching, rate-limited JWK source of a JWK set URL. */
  static JWKSource<SecurityContext> jwkSet(URI uri) {
    try {
      return JWKSourceBuilder.<SecurityContext>create(uri.toURL()).retrying(true).build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a JWK set URL: " + uri, e);
    }
  }

  @Override
  public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context)
      throws KeySourceException {
    JWKSource<SecurityContext> source = discovered.get();
    if (source == null) {
      source = jwkSet(discover());
      discovered.compareAndSet(null, source);
    }
    return source.get(selector, context);
  }

  private URI discover() throws KeySourceException {
    String base = issuer.toString().replaceAll("/+$", "");
    URI document = URI.create(base + "/.well-known/openid-configuration");
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(document).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new KeySourceException(document + " answered " + response.statusCode());
      }
      JsonNode body = JSON.readTree(response.body());
      String declared = body.path("issuer").asString("");
      if (!declared.equals(issuer.toString())) {
        // OIDC Discovery §4.3: the document must name the issuer it was fetched for.
        throw new KeySourceException(document + " names another issuer: " + declared);
      }
      String jwks = body.path("jwks_uri").asString("");
      if (jwks.isEmpty()) {
        throw new KeySourceException(document + " has no jwks_uri");
      }
      return URI.create(jwks);
    } catch (IOException | RuntimeException e) {
      throw new KeySourceException("OIDC discovery at " + document + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeySourceException("interrupted during OIDC discovery", e);
    }
  }
}
