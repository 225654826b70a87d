package dev.cabledger.cli;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeEvidence;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.Risk;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.LocalIssuer;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.Sequencer;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.workflow.ChangeRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench console}: the review queue's first page with many open changes. */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the service on a fresh database, submits --open-changes changes (untimed; several"
          + " clients, every risk level, through the append path with the change projections),"
          + " signs a CAB approver of every client in to the web console with a one-time login"
          + " link, loads the review queue's first page --warmup-loads times (untimed), then"
          + " --loads times, one after another.",
      "Each load is timed from sending the request to the last byte of the page over loopback:"
          + " server time, no browser. Prints p50, p95 and max, and the page's size."
    })
final class ConsoleBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--backend", defaultValue = "sqlite", description = "sqlite or postgres.")
  BenchCommand.BenchBackend backend = BenchCommand.BenchBackend.SQLITE;

  @Option(
      names = "--open-changes",
      defaultValue = "10000",
      description = "Pending changes submitted first.")
  int openChanges = 10_000;

  @Option(names = "--clients", defaultValue = "8", description = "Clients the changes belong to.")
  int clients = 8;

  @Option(names = "--loads", defaultValue = "50", description = "Timed loads of the first page.")
  int loads = 50;

  @Option(
      names = "--warmup-loads",
      defaultValue = "300",
      description = "Untimed loads first, so the JIT has compiled the page's path.")
  int warmupLoads = 300;

  @Option(
      names = "--pg-url",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
      description = "PostgreSQL to use (a fresh schema is created and dropped).")
  String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private static final String SESSION_COOKIE = "CAB_CONSOLE_SESSION";
  private static final String REVIEWER = "user:bench-reviewer";

  /** The rows of a queue page (the console's page size). */
  private static final int PAGE_ROWS = 25;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Override
  public Integer call() throws Exception {
    if (openChanges < 1 || clients < 1 || loads < 1 || warmupLoads < 0) {
      spec.commandLine()
          .getErr()
          .println("--open-changes, --clients and --loads must be at least 1");
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    try (BenchDatabase db = BenchDatabase.create("cab-bench-console", backend, pgUrl);
        ConfigurableApplicationContext ctx = db.startService(true)) {
      URI base =
          URI.create(
              "http://127.0.0.1:" + ctx.getEnvironment().getRequiredProperty("local.server.port"));
      long seedStart = System.nanoTime();
      seed(ctx);
      out.printf(
          Locale.ROOT,
          "submitted %d open changes of %d clients in %.1f s (not timed)%n",
          openChanges,
          clients,
          (System.nanoTime() - seedStart) / 1e9);
      out.flush();
      String session = signIn(base, LocalIssuer.open(db.dir().resolve("keys")));
      int bytes = 0;
      for (int i = 0; i < warmupLoads; i++) {
        bytes = load(base, session).length();
      }
      List<Long> samples = new ArrayList<>();
      for (int i = 0; i < loads; i++) {
        long t0 = System.nanoTime();
        String page = load(base, session);
        long took = System.nanoTime() - t0;
        samples.add(took);
        bytes = page.getBytes(StandardCharsets.UTF_8).length;
      }
      String page = load(base, session);
      long rows = page.lines().filter(l -> l.contains("data-label=\"Change\"")).count();
      long expected = Math.min(PAGE_ROWS, openChanges);
      if (rows != expected) {
        throw new IllegalStateException(
            "the queue's first page shows " + rows + " rows, not " + expected);
      }
      double p50 = quantile(samples, 0.50);
      double p95 = quantile(samples, 0.95);
      double max = Collections.max(samples) / 1e6;
      out.printf(
          Locale.ROOT,
          "queue first page: %d loads after %d warm-up loads, p50 %.1f ms, p95 %.1f ms, max %.1f"
              + " ms, %d bytes, %d rows%n",
          loads,
          warmupLoads,
          p50,
          p95,
          max,
          bytes,
          rows);
      out.println(
          String.format(
              Locale.ROOT,
              "{\"backend\":\"%s\",\"openChanges\":%d,\"clients\":%d,\"loads\":%d,"
                  + "\"p50Millis\":%.3f,\"p95Millis\":%.3f,\"maxMillis\":%.3f,"
                  + "\"pageBytes\":%d,\"rows\":%d,\"peakHeapMiB\":%.1f}",
              backend.name().toLowerCase(Locale.ROOT),
              openChanges,
              clients,
              loads,
              p50,
              p95,
              max,
              bytes,
              rows,
              BenchCommand.peakHeapMiB()));
      out.flush();
    }
    return 0;
  }

  /** The nearest-rank quantile, in milliseconds: with 50 loads, p95 is the 48th fastest. */
  static double quantile(List<Long> nanos, double q) {
    List<Long> sorted = nanos.stream().sorted().toList();
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1e6;
  }

  /**
   * Submits the open changes through the append path with the workflow's projection (change index,
   * status), as an intake would, many in flight so that they go in group commits.
   */
  private void seed(ConfigurableApplicationContext ctx) throws InterruptedException {
    Sequencer sequencer = ctx.getBean(Sequencer.class);
    ServiceKeys keys = ctx.getBean(ServiceKeys.class);
    ChangeRecords records = ctx.getBean(ChangeRecords.class);
    Actor requester = Actor.of("user:bench-pipeline", List.of("REQUESTER"), "cab-ledger-bench");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Risk[] risks = Risk.values();
    List<String> environments = List.of("production", "staging", "development");
    Semaphore window = new Semaphore(512);
    AtomicLong failed = new AtomicLong();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < openChanges && failures.isEmpty(); i++) {
      String id = "CR-CONSOLE-" + i;
      Digest plan = Digest.sha256(id.getBytes(StandardCharsets.UTF_8));
      Risk risk = risks[i % risks.length];
      ChangeSubmitted event =
          new ChangeSubmitted(
              new ClientId("client-" + (i % clients)),
              plan,
              Optional.of("tf-network"),
              Optional.of(environments.get(i % environments.size())),
              Optional.of("Change " + i + ": widen the subnet of the payment cluster"),
              Optional.of(risk),
              Optional.of((long) (20 * risk.ordinal() + 10)),
              List.of("touches " + environments.get(i % environments.size())),
              Optional.of("1 to add, 2 to change, 0 to destroy"),
              Optional.of("terraform apply of the previous plan"),
              new ChangeEvidence(
                  Optional.of("https://git.example.com/infra/pull/" + i),
                  List.of("user:dev-" + (i % 5)),
                  // Some scans did not pass, so the queue shows more than a quorum missing.
                  Optional.of(i % 7 == 0 ? "failed" : "passed"),
                  Optional.of("passed"),
                  Optional.empty()));
      Statement statement =
          new Statement(id, plan, new Event(UUID.randomUUID().toString(), event, requester, now));
      window.acquireUninterruptibly();
      sequencer
          .submit(keys.sign(statement), records.projection(statement, EntryProjection.NONE))
          .whenComplete(
              (r, e) -> {
                if (e != null) {
                  failed.incrementAndGet();
                  failures.add(e);
                }
                window.release();
              });
    }
    window.acquireUninterruptibly(512);
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failed.get() + " submissions failed", failures.getFirst());
    }
  }

  /** Opens a one-time login link as a browser would; returns the session cookie. */
  private String signIn(URI base, LocalIssuer issuer) throws IOException, InterruptedException {
    String token =
        issuer.mintLoginLink(
            REVIEWER,
            Set.of(Role.CAB_APPROVER),
            Set.of(),
            true,
            Duration.ofMinutes(5),
            Clock.systemUTC());
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    base.resolve(
                        "/console/login?token="
                            + URLEncoder.encode(token, StandardCharsets.US_ASCII)))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 302) {
      throw new IllegalStateException(
          "the login link answered " + answer.statusCode() + ": " + answer.body());
    }
    return answer.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(SESSION_COOKIE + "="))
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the login link set no session cookie"));
  }

  /** The queue's first page, in full. */
  private String load(URI base, String session) throws IOException, InterruptedException {
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(base.resolve("/console"))
                .timeout(Duration.ofSeconds(60))
                .header("Cookie", session)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (page.statusCode() != 200) {
      throw new IllegalStateException("GET /console answered " + page.statusCode());
    }
    return page.body();
  }
}
