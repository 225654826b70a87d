package dev.cabledger.server;

import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.LocalIssuer;
import dev.cabledger.server.storage.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service on a test database, listening on a free loopback port, with a real HTTP client
 * and bearer tokens minted by the local issuer of the test's data directory (as {@code cab-ledger
 * token} does).
 */
public final class TestService implements AutoCloseable {
  private final TestDatabase db;
  private final ConfigurableApplicationContext app;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestService(TestDatabase db, ConfigurableApplicationContext app) {
    this.db = db;
    this.app = app;
    int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  private static final Map<Backend, TestService> SHARED = new EnumMap<>(Backend.class);

  /**
   * One service per backend with default settings, started at first use and shared by the test
   * classes of this JVM (like Spring's context cache); stopped when the JVM exits. Tests on it must
   * not assume what others appended.
   */
  public static synchronized TestService shared(Backend backend) {
    TestService service = SHARED.get(backend);
    if (service == null) {
      TestDatabase db = TestDatabase.create(backend);
      // No expiry job in the shared services: its appends at any moment would break the tests'
      // "nothing was written" checks. Expiry is tested on services of its own.
      service = start(db, "cab.workflow.expiry-interval=24h");
      SHARED.put(backend, service);
      TestService started = service;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    started.close();
                    db.close();
                  }));
    }
    return service;
  }

  /**
   * Starts the service on {@code db} with extra {@code key=value} properties; a {@code cab.db-url}
   * among them replaces the database's own URL (to reach it through a {@link TcpProxy}).
   */
  public static TestService start(TestDatabase db, String... properties) {
    List<String> props = new ArrayList<>();
    props.add("cab.data-dir=" + db.dataDir());
    if (Stream.of(properties).noneMatch(p -> p.startsWith("cab.db-url="))) {
      props.add("cab.db-url=" + db.url());
    }
    // Tests of quorum record high-risk approvals with the service's signature alone: no approver
    // signatures asked unless a test names the setting (SignedDecisionControllerTest).
    if (Stream.of(properties)
        .noneMatch(p -> p.startsWith("cab.workflow.require-approver-signature="))) {
      props.add("cab.workflow.require-approver-signature=none");
    }
    props.add("cab.db-pool-size=3");
    props.add("server.port=0");
    props.add("server.address=127.0.0.1");
    props.add("spring.main.banner-mode=off");
    props.addAll(List.of(properties));
    ConfigurableApplicationContext app =
        // As arguments, not default properties: those rank below application.yml.
        new SpringApplicationBuilder(CabLedgerApplication.class)
            .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
    return new TestService(db, app);
  }

  public ConfigurableApplicationContext app() {
    return app;
  }

  public TestDatabase db() {
    return db;
  }

  public URI uri(String path) {
    return base.resolve(path);
  }

  /** A token of this instance's local issuer. */
  public String token(String user, Set<Role> roles, Set<String> clients, boolean allClients) {
    return LocalIssuer.open(db.dataDir().resolve("keys"))
        .mint(user, roles, clients, allClients, Duration.ofMinutes(10), Clock.systemUTC());
  }

  /**
   * An all-client token of the local issuer of the service that ran on {@code dataDir} (its keys in
   * {@code dataDir/keys}), for tests that start the service themselves.
   */
  public static String token(Path dataDir, String user, Role... roles) {
    return LocalIssuer.open(dataDir.resolve("keys"))
        .mint(user, Set.of(roles), Set.of(), true, Duration.ofMinutes(30), Clock.systemUTC());
  }

  /** A token that sees every client. */
  public String token(String user, Role... roles) {
    return token(user, Set.of(roles), Set.of(), true);
  }

  public HttpResponse<String> get(String path, Optional<String> token) {
    return send(request(path, token).GET().build());
  }

  public HttpResponse<String> post(String path, String json, Optional<String> token) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends and reads the answer as bytes (bundles, binary bodies). */
  public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String path, Optional<String> token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  @Override
  public void close() {
    SpringApplication.exit(app);
    http.close();
  }
}
