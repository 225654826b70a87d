package dev.cabledger.cli;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.PipelineNote;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.sign.MlDsaVerifier;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.Receipt;
import dev.cabledger.server.ledger.Sequencer;
import dev.cabledger.server.reports.GeneratedReport;
import dev.cabledger.server.reports.ReportQuery;
import dev.cabledger.server.reports.ReportScope;
import dev.cabledger.server.reports.Reports;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.workflow.ChangeRecords;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code bench report}: the compliance report over a large period against the raw verify rate of
 * the signatures it verifies.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Fills a fresh log with --log-entries entries (untimed) of which the last 90 days hold"
          + " --decisions CAB decisions (two per change, each change submitted first), then, in"
          + " alternating phases, measures the raw ML-DSA-65 verify rate with every core (a"
          + " thread per core, the JDK provider, over a sample of the decisions' own signatures)"
          + " and makes the report of the last 90 days, which verifies every signature it"
          + " reports. Each report phase's ratio is its time over the time the raw rate takes"
          + " for the entries it verified (the mean rate of the raw phases on either side);"
          + " ratio is their median (target: at most 1.25 for JSON).",
      "Run the JVM with -Xmx512m (JAVA_OPTS): peakHeapMiB is the used heap's peak during the"
          + " measured phases, from the memory MXBeans.",
      "overheadCpuMicrosPerEntry is the report's CPU time per verified entry beyond the raw"
          + " CPU time of its verification (rawCpuMicrosPerSignature): a host whose ML-DSA is"
          + " faster (HotSpot's AVX-512 code) gives a higher ratio for the same overhead."
    })
final class ReportBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--backend", defaultValue = "sqlite", description = "sqlite or postgres.")
  BenchCommand.BenchBackend backend = BenchCommand.BenchBackend.SQLITE;

  @Option(
      names = "--log-entries",
      defaultValue = "1000000",
      description = "Entries in the log; those beyond the changes are pipeline notes.")
  long logEntries = 1_000_000;

  @Option(
      names = "--decisions",
      defaultValue = "250000",
      description = "CAB decisions in the 90-day window (two per change).")
  long decisions = 250_000;

  @Option(
      names = "--format",
      defaultValue = "json",
      description = "The report's format, as the report's format parameter takes it.")
  String format = "json";

  @Option(names = "--pairs", defaultValue = "2", description = "Report phases.")
  int pairs = 2;

  @Option(
      names = "--verify-seconds",
      defaultValue = "5",
      description = "Length of each raw verify phase.")
  double verifySeconds = 5;

  @Option(
      names = "--warmup-max-seconds",
      defaultValue = "600",
      description =
          "Longest warm-up (reports and raw verify phases, untimed, until the JIT is quiet).")
  double warmupMaxSeconds = 600;

  @Option(
      names = "--pg-url",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
      description = "PostgreSQL to use (a fresh schema is created and dropped).")
  String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** Signatures held for the raw phases: enough to defeat caches, few enough to stay small. */
  static final int SAMPLE = 1024;

  private static final ClientId CLIENT = new ClientId("bench");
  private static final Actor PIPELINE =
      Actor.of("user:bench-pipeline", List.of("REQUESTER"), "cab-ledger-bench");
  private static final List<Actor> APPROVERS =
      List.of(
          Actor.of("user:bench-alice", List.of("CAB_APPROVER"), "cab-ledger-bench"),
          Actor.of("user:bench-bob", List.of("CAB_APPROVER"), "cab-ledger-bench"));

  @Override
  public Integer call() throws Exception {
    long changes = decisions / 2;
    if (decisions < 2
        || pairs < 1
        || verifySeconds <= 0
        || warmupMaxSeconds < 0
        || logEntries < changes * 3) {
      spec.commandLine()
          .getErr()
          .println(
              "--decisions must be at least 2, --pairs at least 1, --verify-seconds above 0,"
                  + " --warmup-max-seconds at least 0, and"
                  + " --log-entries at least 1.5 x --decisions (a submission per two decisions)");
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    try (BenchDatabase db = BenchDatabase.create("cab-bench-report", backend, pgUrl);
        ConfigurableApplicationContext ctx = db.startService(false)) {
      long fillStart = System.nanoTime();
      fillNotes(ctx, logEntries - changes * 3);
      fillChanges(ctx, changes);
      out.printf(
          Locale.ROOT,
          "filled the log: %d entries, %d changes with %d decisions (not timed, %.0f s)%n",
          ctx.getBean(LogReader.class).latestCheckpoint().size(),
          changes,
          changes * 2,
          (System.nanoTime() - fillStart) / 1e9);
      out.flush();
      List<Signed> sample = sample(ctx);
      Reports reports = ctx.getBean(Reports.class);
      int cores = Runtime.getRuntime().availableProcessors();
      // Warm-up, untimed: a raw verify phase and a report, again until the JIT has compiled
      // both paths (it is quiet).
      JitWarmUp.Outcome warm =
          JitWarmUp.run(
              () -> {
                rawVerifyRate(sample, cores, Math.min(verifySeconds, 2));
                reports.generate(query(), Actor.SYSTEM, (done, total, count) -> {});
                return null;
              },
              Duration.ZERO,
              Duration.ofMillis((long) (warmupMaxSeconds * 1000)));
      out.println("warmed up with reports and raw verify phases (not timed): " + warm.describe());
      out.flush();
      BenchCommand.resetPeaks();
      List<Double> rawRates = new ArrayList<>();
      List<Double> rawCpu = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      List<Double> cpuRatios = new ArrayList<>();
      List<Double> overheads = new ArrayList<>();
      List<Double> reportSeconds = new ArrayList<>();
      Raw first = rawVerifyRate(sample, cores, verifySeconds);
      rawRates.add(first.perSecond());
      rawCpu.add(first.cpuSecondsPerSignature());
      GeneratedReport last = null;
      for (int pair = 0; pair < pairs; pair++) {
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        last = reports.generate(query(), Actor.SYSTEM, (done, total, count) -> {});
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        reportSeconds.add(seconds);
        if (!last.allSignaturesValid() || !last.allEntriesIncluded()) {
          throw new IllegalStateException("the report found entries that do not verify");
        }
        Raw after = rawVerifyRate(sample, cores, verifySeconds);
        rawRates.add(after.perSecond());
        rawCpu.add(after.cpuSecondsPerSignature());
        double raw = (rawRates.get(pair) + rawRates.get(pair + 1)) / 2;
        double rawSeconds = last.entriesVerified() / raw;
        ratios.add(seconds / rawSeconds);
        double rawCpuSeconds =
            last.entriesVerified() * (rawCpu.get(pair) + rawCpu.get(pair + 1)) / 2;
        cpuRatios.add(cpuSeconds / rawCpuSeconds);
        overheads.add((cpuSeconds - rawCpuSeconds) / last.entriesVerified() * 1e6);
        out.printf(
            Locale.ROOT,
            "phase %d/%d: report of %d decisions, %d entries verified in %.1f s; raw verify"
                + " %.0f/s would take %.1f s; ratio %.3f; CPU %.1f s against %.1f s, cpuRatio"
                + " %.3f (%.1f µs of CPU per entry beyond its verification); %.1f MiB"
                + " written%n",
            pair + 1,
            pairs,
            last.totalDecisions(),
            last.entriesVerified(),
            seconds,
            raw,
            rawSeconds,
            ratios.getLast(),
            cpuSeconds,
            rawCpuSeconds,
            cpuRatios.getLast(),
            overheads.getLast(),
            last.size() / 1048576.0);
        out.flush();
      }
      List<Double> sorted = ratios.stream().sorted().toList();
      double median = median(sorted);
      List<Double> cpuSorted = cpuRatios.stream().sorted().toList();
      double rawCpuMicros =
          rawCpu.stream().mapToDouble(Double::doubleValue).average().orElseThrow() * 1e6;
      out.println(
          String.format(
              Locale.ROOT,
              "{\"backend\":\"%s\",\"format\":\"%s\",\"logSize\":%d,\"decisions\":%d,"
                  + "\"entriesVerified\":%d,\"reportSeconds\":%.2f,\"rawVerifyPerSecond\":%.1f,"
                  + "\"ratio\":%.3f,\"ratioMin\":%.3f,\"ratioMax\":%.3f,"
                  + "\"cpuRatio\":%.3f,\"cpuRatioMin\":%.3f,\"cpuRatioMax\":%.3f,"
                  + "\"rawCpuMicrosPerSignature\":%.1f,\"overheadCpuMicrosPerEntry\":%.1f,"
                  + "\"pairs\":%d,"
                  + "\"cores\":%d,\"reportMiB\":%.1f,\"peakHeapMiB\":%.1f,\"maxHeapMiB\":%.1f}",
              backend.name().toLowerCase(Locale.ROOT),
              last.format().extension(),
              last.checkpointSize(),
              last.totalDecisions(),
              last.entriesVerified(),
              reportSeconds.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
              rawRates.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
              median,
              sorted.getFirst(),
              sorted.getLast(),
              median(cpuSorted),
              cpuSorted.getFirst(),
              cpuSorted.getLast(),
              rawCpuMicros,
              median(overheads.stream().sorted().toList()),
              pairs,
              cores,
              last.size() / 1048576.0,
              BenchCommand.peakHeapMiB(),
              Runtime.getRuntime().maxMemory() / 1048576.0));
      out.flush();
    }
    return 0;
  }

  /** The last 90 days, every client. */
  private ReportQuery query() {
    return ReportQuery.of(
        Optional.empty(),
        Optional.of("90"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(format),
        ReportScope.ALL,
        Instant.now());
  }

  /**
   * The entries outside the report: copies of one signed pipeline note, appended as fast as the log
   * takes them. The report never reads them (they are in no change's index), so signing each would
   * only lengthen the fill.
   */
  private void fillNotes(ConfigurableApplicationContext ctx, long count)
      throws InterruptedException {
    if (count <= 0) {
      return;
    }
    Sequencer sequencer = ctx.getBean(Sequencer.class);
    ServiceKeys keys = ctx.getBean(ServiceKeys.class);
    Digest plan = Digest.sha256("CR-FILL".getBytes(StandardCharsets.UTF_8));
    Envelope note =
        keys.sign(
            new Statement(
                "CR-FILL",
                plan,
                new Event(
                    UUID.randomUUID().toString(),
                    new PipelineNote(
                        CLIENT, plan, JsonNodeFactory.instance.objectNode().put("fill", true)),
                    PIPELINE,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS))));
    Semaphore window = new Semaphore(1024);
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    for (long i = 0; i < count && failures.isEmpty(); i++) {
      window.acquireUninterruptibly();
      sequencer
          .submit(note, EntryProjection.NONE)
          .whenComplete(
              (r, e) -> {
                if (e != null) {
                  failures.add(e);
                }
                window.release();
              });
      if (i > 0 && i % 100_000 == 0) {
        progress("notes", i, count, start);
      }
    }
    window.acquireUninterruptibly(1024);
    if (!failures.isEmpty()) {
      throw new IllegalStateException("filling the log failed", failures.getFirst());
    }
  }

  /**
   * Changes through the workflow's own projection (the change index the report reads): each one
   * submitted, then approved by two CAB approvers once the submission is in the log (the index
   * refuses a decision on a change it does not know yet).
   */
  private void fillChanges(ConfigurableApplicationContext ctx, long count)
      throws InterruptedException {
    Sequencer sequencer = ctx.getBean(Sequencer.class);
    ServiceKeys keys = ctx.getBean(ServiceKeys.class);
    ChangeRecords records = ctx.getBean(ChangeRecords.class);
    String run = Long.toHexString(System.nanoTime());
    AtomicLong next = new AtomicLong();
    AtomicLong done = new AtomicLong();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    // More workers than cores: each waits for its submission's receipt before its decisions.
    for (int t = 0; t < 32 * Runtime.getRuntime().availableProcessors(); t++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    long i;
                    while ((i = next.getAndIncrement()) < count && failures.isEmpty()) {
                      try {
                        oneChange(sequencer, keys, records, "CR-BENCH-" + run + "-" + i, i);
                        done.incrementAndGet();
                      } catch (RuntimeException e) {
                        failures.add(e);
                      }
                    }
                  }));
    }
    Thread progress =
        Thread.ofPlatform()
            .daemon(true)
            .start(
                () -> {
                  try {
                    while (true) {
                      Thread.sleep(10_000);
                      progress("changes", done.get(), count, start);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    for (Thread w : workers) {
      w.join();
    }
    progress.interrupt();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("filling the log failed", failures.getFirst());
    }
  }

  private static void oneChange(
      Sequencer sequencer, ServiceKeys keys, ChangeRecords records, String id, long i) {
    Digest plan = Digest.sha256(id.getBytes(StandardCharsets.UTF_8));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Risk[] risks = Risk.values();
    Statement submitted =
        new Statement(
            id,
            plan,
            new Event(
                UUID.randomUUID().toString(),
                ChangeSubmitted.of(
                    CLIENT,
                    plan,
                    Optional.of("tf-bench-" + (i % 16)),
                    Optional.of("production"),
                    Optional.of("bench change " + i),
                    Optional.of(risks[(int) (i % risks.length)])),
                PIPELINE,
                now));
    sequencer.append(keys.sign(submitted), records.projection(submitted, EntryProjection.NONE));
    List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
    for (Actor approver : APPROVERS) {
      CabApproved data =
          new CabApproved(
              UUID.randomUUID(),
              CLIENT,
              plan,
              Optional.of("tf-bench-" + (i % 16)),
              approver.subject(),
              "CAB_APPROVER",
              ApprovalStatus.APPROVED,
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              ApprovalConstraints.NONE,
              Optional.empty());
      Statement s =
          new Statement(
              id,
              plan,
              new Event(
                  UUID.randomUUID().toString(),
                  data,
                  approver,
                  Instant.now().truncatedTo(ChronoUnit.MILLIS)));
      receipts.add(sequencer.submit(keys.sign(s), records.projection(s, EntryProjection.NONE)));
    }
    receipts.forEach(sequencer::await);
  }

  private void progress(String what, long done, long count, long start) {
    spec.commandLine()
        .getErr()
        .printf(
            Locale.ROOT,
            "… %d/%d %s (%.0f/s), heap %.0f MiB%n",
            done,
            count,
            what,
            done / ((System.nanoTime() - start) / 1e9),
            BenchCommand.usedHeapMiB());
    spec.commandLine().getErr().flush();
  }

  /** One signature of an entry: its key's verifier, the PAE and the signature bytes. */
  private record Signed(MlDsaVerifier verifier, byte[] pae, byte[] sig) {}

  /** The signatures of the last {@link #SAMPLE} decisions: what the report verifies. */
  private static List<Signed> sample(ConfigurableApplicationContext ctx) {
    ServiceKeys keys = ctx.getBean(ServiceKeys.class);
    MlDsaVerifier verifier = new MlDsaVerifier(keys.servicePublicKey());
    List<Signed> sample = new ArrayList<>();
    ctx.getBean(JdbcTemplate.class)
        .query(
            "SELECT e.entry FROM change_entry c JOIN ledger_entry e ON e.idx = c.entry_idx"
                + " WHERE c.event_type = 'CAB_APPROVED' ORDER BY c.entry_idx DESC LIMIT ?",
            rs -> {
              Envelope env = Envelope.parse(rs.getBytes(1));
              byte[] pae = Envelope.pae(env.payloadType(), env.payload());
              for (EnvelopeSignature sig : env.signatures()) {
                sample.add(new Signed(verifier, pae, sig.sig()));
              }
            },
            SAMPLE);
    return sample;
  }

  private static double median(List<Double> sorted) {
    return sorted.size() % 2 == 1
        ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
  }

  /**
   * The CPU time this process has used, on all its threads (garbage collection and the JIT
   * included). Counted for the report and the raw phases alike, it compares their work even when
   * other processes take the cores for a while, which moves the wall-clock ratio.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** A raw phase: verifications per second, and the process's CPU seconds per verification. */
  record Raw(double perSecond, double cpuSecondsPerSignature) {
    Raw {
      if (!(perSecond > 0) || !(cpuSecondsPerSignature > 0)) {
        throw new IllegalArgumentException("a raw phase verified nothing");
      }
    }
  }

  /** Raw ML-DSA-65 verifications per second with a thread per core, as the JDK provides them. */
  static Raw rawVerifyRate(List<Signed> sample, int threads, double seconds)
      throws InterruptedException {
    AtomicLong count = new AtomicLong();
    long cpuStart = processCpuNanos();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int offset = t * sample.size() / threads;
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    int i = offset;
                    while (System.nanoTime() < deadline) {
                      Signed s = sample.get(i++ % sample.size());
                      s.verifier().verify(s.pae(), s.sig());
                      count.incrementAndGet();
                    }
                  }));
    }
    for (Thread w : workers) {
      w.join();
    }
    return new Raw(
        count.get() / ((System.nanoTime() - start) / 1e9),
        (processCpuNanos() - cpuStart) / 1e9 / count.get());
  }
}
