package dev.cabledger.cli;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.json.CanonicalJson;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/** What every command that calls the service shares: the bearer token, URLs, problems. */
final class ServerCalls {
  private ServerCalls() {}

  /** The token from {@code --token}, or else the {@code CAB_TOKEN} environment variable. */
  static Optional<String> bearer(Optional<String> token, UnaryOperator<String> env) {
    return token.or(() -> Optional.ofNullable(env.apply("CAB_TOKEN"))).filter(t -> !t.isBlank());
  }

  /** A path under the server's URL, keeping any path prefix the server has. */
  static URI uri(URI server, String pathAndQuery) {
    return URI.create(server.toString().replaceAll("/+$", "") + pathAndQuery);
  }

  /** A problem's title and detail (RFC 9457), or the body's start when it is not one. */
  static String problem(HttpResponse<byte[]> response) {
    String body = new String(response.body(), StandardCharsets.UTF_8);
    try {
      JsonNode p = CanonicalJson.parse(response.body());
      if (p.has("detail")) {
        return p.path("title").asString("") + ": " + p.path("detail").asString("");
      }
    } catch (VerificationException | IllegalArgumentException e) {
      // not a problem document: show the body itself
    }
    return body.length() > 500 ? body.substring(0, 500) + "…" : body;
  }
}
