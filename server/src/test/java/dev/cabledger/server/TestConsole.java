package dev.cabledger.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.LocalIssuer;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** Signing in to the web console in tests: login links, and HTTP sessions without a browser. */
public final class TestConsole {
  private TestConsole() {}

  /** A one-time login link of the service's local issuer, as {@code cab-ledger login-link}. */
  public static String loginLink(
      TestService service, String user, Set<Role> roles, Set<String> clients, boolean all) {
    String token =
        LocalIssuer.open(service.db().dataDir().resolve("keys"))
            .mintLoginLink(user, roles, clients, all, Duration.ofMinutes(5), Clock.systemUTC());
    return service
        .uri("/console/login?token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII))
        .toString();
  }

  /** An HTTP client that keeps cookies and does not follow redirects. */
  public static HttpClient client() {
    return HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** A client signed in to the console with a fresh login link. */
  public static HttpClient signedIn(
      TestService service, String user, Set<Role> roles, Set<String> clients, boolean all) {
    HttpClient http = client();
    HttpResponse<String> r =
        send(
            http,
            HttpRequest.newBuilder(
                    java.net.URI.create(loginLink(service, user, roles, clients, all)))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    return http;
  }

  /** The CSRF token of a page's forms, as a browser would send it back. */
  public static String csrf(String html) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("a CSRF token in the page").isTrue();
    return URLEncoder.encode(m.group(1), StandardCharsets.US_ASCII);
  }

  public static HttpResponse<String> send(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<String> get(HttpClient http, TestService service, String path) {
    return send(http, HttpRequest.newBuilder(service.uri(path)).build());
  }

  /** A form POST with the given url-encoded body, as a browser sends it. */
  public static HttpResponse<String> postForm(
      HttpClient http, TestService service, String path, String form) {
    return send(
        http,
        HttpRequest.newBuilder(service.uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }
}
