package dev.cabledger.server.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A test-only page on 127.0.0.1 that loads the console's ES modules from the classpath, under the
 * console's script policy (no inline script, nothing from elsewhere), and passes {@code /api/**} on
 * to a running service, so that the modules' calls are same-origin as in the console.
 */
final class ModulePage implements AutoCloseable {
  private static final Pattern MODULE = Pattern.compile("/console/js/[a-z0-9-]+\\.js");
  private static final List<String> FORWARDED =
      List.of("Authorization", "Content-Type", "Accept", "Idempotency-Key");
  private static final String PAGE =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>approver key module</title>
      <script type="module" src="/console/js/approver-key.js"></script></head>
      <body><p>test page of the approver key module</p></body></html>
      """;

  private final HttpServer server;
  private final Optional<URI> api;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private record Answer(int status, String json) {}

  /** A request the page sent to an endpoint answered by {@link #answer}. */
  record Received(String method, String path, String body) {}

  private ModulePage(Optional<URI> api) {
    this.api = api;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** A page without a service behind it. */
  static ModulePage standalone() {
    return new ModulePage(Optional.empty());
  }

  /** A page whose {@code /api/**} is the service at {@code base}. */
  static ModulePage before(URI base) {
    return new ModulePage(Optional.of(base));
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The page, at {@code host} (which must resolve to the loopback address). */
  URI uri(String host) {
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /** Answers every request to {@code path} with {@code json}, recording what it received. */
  void answer(String path, int status, String json) {
    answers.put(path, new Answer(status, json));
  }

  /** The requests answered by {@link #answer}, in order. */
  List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Answer answer = answers.get(path);
      if (answer != null) {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), path, body));
        send(
            exchange,
            answer.status(),
            "application/json",
            answer.json().getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/")) {
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
        send(exchange, 200, "text/html; charset=utf-8", PAGE.getBytes(StandardCharsets.UTF_8));
      } else if (MODULE.matcher(path).matches()) {
        try (InputStream in = getClass().getResourceAsStream("/static" + path)) {
          if (in == null) {
            send(exchange, 404, "text/plain", new byte[0]);
          } else {
            send(exchange, 200, "text/javascript; charset=utf-8", in.readAllBytes());
          }
        }
      } else if (path.startsWith("/api/") && api.isPresent()) {
        forward(exchange, api.get());
      } else {
        send(exchange, 404, "text/plain", new byte[0]);
      }
    }
  }

  private void forward(HttpExchange exchange, URI base) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(exchange.getRequestURI().toString()))
            .timeout(Duration.ofSeconds(60))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String name : FORWARDED) {
      String value = exchange.getRequestHeaders().getFirst(name);
      if (value != null) {
        request.header(name, value);
      }
    }
    HttpResponse<byte[]> answer;
    try {
      answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    send(
        exchange,
        answer.statusCode(),
        answer.headers().firstValue("Content-Type").orElse("application/octet-stream"),
        answer.body());
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    http.close();
  }
}
