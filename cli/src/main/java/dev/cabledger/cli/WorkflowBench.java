package dev.cabledger.cli;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.PipelineNote;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.LocalIssuer;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.Sequencer;
import dev.cabledger.server.signing.ServiceKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
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
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code bench workflow}: changes taken through intake, two approvals and the gate over HTTP. */
@Command(
    name = "workflow",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the service on a fresh database, fills its log with --log-entries entries"
          + " (untimed), then takes --changes high-risk changes through intake, two approvals by"
          + " two CAB approvers and a gate call, over HTTP with --clients concurrent clients. The"
          + " workflow runs in --pairs phases, each between two phases of raw ML-DSA-65 signing"
          + " with every core; ratio is the median over the phases of the service's signatures"
          + " per second (one per intake, decision and gate answer) over the raw sign rate. Then one"
          + " client asks the gate --gate-calls times about approved changes, nothing else"
          + " running (loneGate figures).",
      "Every gate answer must be APPROVED; a change that is not fails the run."
    })
final class WorkflowBench implements Callable<Integer> {
  /** Changes per round of the warm-up. */
  static final int WARMUP_ROUND = 50;

  @Spec CommandSpec spec;

  @Option(names = "--backend", defaultValue = "sqlite", description = "sqlite or postgres.")
  BenchCommand.BenchBackend backend = BenchCommand.BenchBackend.SQLITE;

  @Option(names = "--changes", defaultValue = "400", description = "Changes to take through.")
  int changes = 400;

  @Option(names = "--clients", defaultValue = "8", description = "Concurrent HTTP clients.")
  int clients = 8;

  @Option(
      names = "--log-entries",
      defaultValue = "0",
      description = "Entries appended first (untimed), so the gate works on a log of this size.")
  long logEntries = 0;

  @Option(names = "--pairs", defaultValue = "5", description = "Workflow phases.")
  int pairs = 5;

  @Option(
      names = "--sign-seconds",
      defaultValue = "1.5",
      description = "Length of each raw signing phase.")
  double signSeconds = 1.5;

  @Option(
      names = "--gate-calls",
      defaultValue = "500",
      description = "Gate calls by one client after the workflow phases, nothing else running.")
  int gateCalls = 500;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "45",
      description =
          "How long changes are taken through first at least, untimed; then more until the JIT"
              + " has compiled the request paths (it is quiet), at most --warmup-max-seconds.")
  double warmupSeconds = 45;

  @Option(
      names = "--warmup-max-seconds",
      defaultValue = "300",
      description = "Longest warm-up, should the JIT not fall quiet.")
  double warmupMaxSeconds = 300;

  @Option(
      names = "--pg-url",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
      description = "PostgreSQL to use (a fresh schema is created and dropped).")
  String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public Integer call() throws Exception {
    if (changes < 1
        || clients < 1
        || pairs < 1
        || pairs > changes
        || logEntries < 0
        || warmupSeconds < 0
        || warmupMaxSeconds < warmupSeconds
        || gateCalls < 1) {
      spec.commandLine()
          .getErr()
          .println(
              "--changes, --clients and --pairs must be at least 1, --pairs at most --changes,"
                  + " and --warmup-max-seconds at least --warmup-seconds");
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    // The measured path is the service-signed decision, as in the figures before approver
    // signatures (docs/benchmarks.md); a signed decision costs the approver's signature on the
    // client and one more verification on the server.
    try (BenchDatabase db = BenchDatabase.create("cab-bench-workflow", backend, pgUrl);
        ConfigurableApplicationContext ctx =
            db.startService(true, "--cab.workflow.require-approver-signature=none")) {
      URI base =
          URI.create(
              "http://127.0.0.1:" + ctx.getEnvironment().getRequiredProperty("local.server.port"));
      LocalIssuer issuer = LocalIssuer.open(db.dir().resolve("keys"));
      Tokens tokens = new Tokens(issuer);
      if (logEntries > 0) {
        fill(ctx, logEntries);
        out.printf("filled the log with %d entries (not timed)%n", logEntries);
        out.flush();
      }
      // Warm-up: the JIT compiles the HTTP and workflow paths before anything is timed. It
      // keeps compiling for a minute or more of this workload, so the warm-up lasts until the
      // compiler is quiet.
      AtomicInteger warmRound = new AtomicInteger();
      JitWarmUp.Outcome warm =
          JitWarmUp.run(
              () -> {
                runChanges(
                    base,
                    tokens,
                    WARMUP_ROUND,
                    new LatencyHistogram(),
                    "warm" + warmRound.getAndIncrement());
                return null;
              },
              Duration.ofMillis((long) (warmupSeconds * 1000)),
              Duration.ofMillis((long) (warmupMaxSeconds * 1000)));
      out.printf(
          Locale.ROOT,
          "warmed up with %d changes (not timed): %s%n",
          warm.rounds() * WARMUP_ROUND,
          warm.describe());
      out.flush();
      MlDsaSigner raw = ServiceKeys.ephemeral().serviceSigner();
      int cores = Runtime.getRuntime().availableProcessors();
      LatencyHistogram gate = new LatencyHistogram();
      List<Double> signRates = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      signRates.add(rawSignRate(raw, cores));
      BenchCommand.resetPeaks();
      long gcStart = BenchCommand.gcMillis();
      double seconds = 0;
      for (int pair = 0; pair < pairs; pair++) {
        int count = changes / pairs + (pair < changes % pairs ? 1 : 0);
        long start = System.nanoTime();
        runChanges(base, tokens, count, gate, "p" + pair);
        double s = (System.nanoTime() - start) / 1e9;
        seconds += s;
        signRates.add(rawSignRate(raw, cores));
        double sign = (signRates.get(pair) + signRates.get(pair + 1)) / 2;
        ratios.add(count * 4 / s / sign);
        out.printf(
            Locale.ROOT,
            "phase %d/%d: %d changes, %.1f decisions/s, raw signing %.0f/s, ratio %.3f%n",
            pair + 1,
            pairs,
            count,
            count * 2 / s,
            sign,
            ratios.getLast());
        out.flush();
      }
      // The collectors' time over the workflow phases' own time: the raw phases between them
      // allocate little.
      double gcShare = (BenchCommand.gcMillis() - gcStart) / (seconds * 1000);
      double peakHeap = BenchCommand.peakHeapMiB();
      LatencyHistogram lone = loneGate(base, tokens, gateCalls);
      out.printf(
          Locale.ROOT,
          "lone gate: %d calls, p50 %.1f ms, p99 %.1f ms%n",
          gateCalls,
          lone.quantileMillis(0.5),
          lone.quantileMillis(0.99));
      out.flush();
      List<Double> sorted = ratios.stream().sorted().toList();
      double median =
          sorted.size() % 2 == 1
              ? sorted.get(sorted.size() / 2)
              : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
      long size = ctx.getBean(LogReader.class).latestCheckpoint().size();
      String json =
          String.format(
              Locale.ROOT,
              "{\"backend\":\"%s\",\"changes\":%d,\"clients\":%d,\"logSize\":%d,"
                  + "\"decisionsPerSecond\":%.1f,\"signaturesPerSecond\":%.1f,"
                  + "\"rawSignPerSecond\":%.1f,\"ratio\":%.3f,\"ratioMin\":%.3f,"
                  + "\"ratioMax\":%.3f,\"pairs\":%d,\"gateP50Millis\":%.3f,"
                  + "\"gateP99Millis\":%.3f,\"loneGateP50Millis\":%.3f,"
                  + "\"loneGateP99Millis\":%.3f,\"peakHeapMiB\":%.1f,\"maxHeapMiB\":%.1f,"
                  + "\"gcShare\":%.3f}",
              backend.name().toLowerCase(Locale.ROOT),
              changes,
              clients,
              size,
              changes * 2 / seconds,
              changes * 4 / seconds,
              signRates.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
              median,
              sorted.getFirst(),
              sorted.getLast(),
              pairs,
              gate.quantileMillis(0.5),
              gate.quantileMillis(0.99),
              lone.quantileMillis(0.5),
              lone.quantileMillis(0.99),
              peakHeap,
              Runtime.getRuntime().maxMemory() / 1048576.0,
              gcShare);
      out.println(json);
      out.flush();
    }
    return 0;
  }

  /** Bearer tokens of the bench's requester and two approvers, minted once. */
  private record Tokens(String requester, String alice, String bob) {
    Tokens(LocalIssuer issuer) {
      this(
          mint(issuer, "user:bench-pipeline", Role.REQUESTER),
          mint(issuer, "user:bench-alice", Role.CAB_APPROVER),
          mint(issuer, "user:bench-bob", Role.CAB_APPROVER));
    }

    private static String mint(LocalIssuer issuer, String user, Role role) {
      return issuer.mint(
          user, Set.of(role), Set.of(), true, Duration.ofHours(12), Clock.systemUTC());
    }
  }

  /** Takes {@code count} changes through the workflow with {@code --clients} clients. */
  private void runChanges(URI base, Tokens tokens, int count, LatencyHistogram gate, String tag)
      throws InterruptedException {
    AtomicLong next = new AtomicLong();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      workers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    long i;
                    while ((i = next.getAndIncrement()) < count && failures.isEmpty()) {
                      try {
                        oneChange(base, tokens, tag + "-" + i, gate);
                      } catch (IOException | RuntimeException e) {
                        failures.add(e);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failures.add(e);
                      }
                    }
                  }));
    }
    for (Thread w : workers) {
      w.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("the workflow failed", failures.getFirst());
    }
  }

  private void oneChange(URI base, Tokens tokens, String tag, LatencyHistogram gate)
      throws IOException, InterruptedException {
    String id = "CR-BENCH-" + tag + "-" + UUID.randomUUID().toString().substring(0, 8);
    String plan = Digest.sha256(id.getBytes(StandardCharsets.UTF_8)).hex();
    ObjectNode change = JsonNodeFactory.instance.objectNode();
    change.put("id", id).put("title", "bench change").put("module", "tf-bench");
    change.put("client", "bench").put("environment", "production").put("planHash", plan);
    change.putObject("risk").put("level", "high").put("score", 70);
    change.putObject("evidence").put("securityScan", "passed");
    expect(post(base, "/api/changes", change, tokens.requester()), 201);
    for (String approver : List.of(tokens.alice(), tokens.bob())) {
      ObjectNode decision = JsonNodeFactory.instance.objectNode();
      decision.put("decision", "approve").put("justification", "bench approval");
      expect(post(base, "/api/changes/" + id + "/decisions", decision, approver), 201);
    }
    long t0 = System.nanoTime();
    HttpResponse<String> answer =
        http.send(
            request(base, "/api/gate?change=" + id + "&planHash=" + plan, tokens.requester())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    gate.record(System.nanoTime() - t0);
    expect(answer, 200);
    JsonNode verdict = CanonicalJson.parse(answer.body().getBytes(StandardCharsets.UTF_8));
    if (!"APPROVED".equals(verdict.path("decision").asString())) {
      throw new IllegalStateException("the gate did not approve " + id + ": " + answer.body());
    }
    approved.add(new Approved(id, plan));
    while (approved.size() > 100) {
      approved.poll();
    }
  }

  /** A change the gate approved, for the lone gate phase. */
  private record Approved(String id, String planHash) {}

  /** The last changes approved (at most 100). */
  private final Queue<Approved> approved = new ConcurrentLinkedQueue<>();

  /**
   * One pipeline asking the gate about approved changes, nothing else running: the latency a
   * pipeline sees before it applies a plan, each answer logged as usual.
   */
  private LatencyHistogram loneGate(URI base, Tokens tokens, int calls)
      throws IOException, InterruptedException {
    List<Approved> changes = List.copyOf(approved);
    LatencyHistogram latency = new LatencyHistogram();
    for (int i = 0; i < calls; i++) {
      Approved c = changes.get(i % changes.size());
      long t0 = System.nanoTime();
      HttpResponse<String> answer =
          http.send(
              request(
                      base,
                      "/api/gate?change=" + c.id() + "&planHash=" + c.planHash(),
                      tokens.requester())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      latency.record(System.nanoTime() - t0);
      expect(answer, 200);
      if (!answer.body().contains("\"decision\":\"APPROVED\"")) {
        throw new IllegalStateException(
            "the gate did not approve " + c.id() + ": " + answer.body());
      }
    }
    return latency;
  }

  private HttpResponse<String> post(URI base, String path, ObjectNode body, String token)
      throws IOException, InterruptedException {
    return http.send(
        request(base, path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(URI base, String path, String token) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(120))
        .header("Authorization", "Bearer " + token);
  }

  private static void expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(
          r.request().method()
              + " "
              + r.uri().getPath()
              + " answered "
              + r.statusCode()
              + ": "
              + r.body());
    }
  }

  /** Appends {@code count} pipeline notes through the append path, as fast as it takes them. */
  private void fill(ConfigurableApplicationContext ctx, long count) throws InterruptedException {
    Sequencer sequencer = ctx.getBean(Sequencer.class);
    ServiceKeys keys = ctx.getBean(ServiceKeys.class);
    Actor actor = Actor.of("user:bench-filler", List.of("REQUESTER"), "cab-ledger-bench");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicLong next = new AtomicLong();
    AtomicLong done = new AtomicLong();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    Semaphore window = new Semaphore(256);
                    long i;
                    while ((i = next.getAndIncrement()) < count && failures.isEmpty()) {
                      String change = "CR-FILL-" + i;
                      Digest plan = Digest.sha256(change.getBytes(StandardCharsets.UTF_8));
                      ObjectNode note = JsonNodeFactory.instance.objectNode().put("seq", i);
                      Statement s =
                          new Statement(
                              change,
                              plan,
                              new Event(
                                  UUID.randomUUID().toString(),
                                  new PipelineNote(new ClientId("bench"), plan, note),
                                  actor,
                                  now));
                      window.acquireUninterruptibly();
                      sequencer
                          .submit(keys.sign(s), EntryProjection.NONE)
                          .whenComplete(
                              (r, e) -> {
                                if (e != null) {
                                  failures.add(e);
                                }
                                done.incrementAndGet();
                                window.release();
                              });
                    }
                    window.acquireUninterruptibly(256);
                  }));
    }
    while (workers.stream().anyMatch(Thread::isAlive)) {
      Thread.sleep(5_000);
      if (System.console() != null || done.get() < count) {
        spec.commandLine()
            .getErr()
            .printf(
                Locale.ROOT,
                "… %d/%d entries filled (%.0f/s)%n",
                done.get(),
                count,
                done.get() / ((System.nanoTime() - start) / 1e9));
        spec.commandLine().getErr().flush();
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("filling the log failed", failures.getFirst());
    }
  }

  private double rawSignRate(MlDsaSigner signer, int threads) throws InterruptedException {
    return BenchCommand.rawSignRate(signer, threads, signSeconds);
  }
}
