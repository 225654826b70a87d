package dev.cabledger.cli;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.Receipt;
import dev.cabledger.server.ledger.Sequencer;
import dev.cabledger.server.signing.ServiceKeys;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cab-ledger bench}: measures the ledger on this machine. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks. The last line of output is one JSON object with the figures.",
    subcommands = {
      BenchCommand.Append.class,
      WorkflowBench.class,
      ReportBench.class,
      ConsoleBench.class
    })
final class BenchCommand {

  /** Which database to benchmark. */
  enum BenchBackend {
    SQLITE,
    POSTGRES
  }

  /** {@code bench append}. */
  @Command(
      name = "append",
      mixinStandardHelpOptions = true,
      description = {
        "Appends N signed entries from K threads through the real append path (group commit,"
            + " Merkle nodes, one signed checkpoint per batch) into a fresh database, then"
            + " measures inclusion proofs. The appends run in P phases (--pairs), each between two"
            + " short phases of raw ML-DSA-65 signing with K threads; each phase's ratio is its"
            + " append rate over the mean sign rate of the phases on either side, and ratio is"
            + " the median of those P ratios (ratioMin and ratioMax give their spread), so a"
            + " machine whose speed drifts during the run does not move it.",
        "Run the JVM with -Xmx256m (JAVA_OPTS) to check that the heap stays flat."
      })
  static final class Append implements Callable<Integer> {
    /** Entries per round of the warm-up after its first {@code --warmup} entries. */
    static final int WARMUP_ROUND = 1_000;

    @Spec CommandSpec spec;

    @Option(names = "--backend", defaultValue = "sqlite", description = "sqlite or postgres.")
    BenchBackend backend = BenchBackend.SQLITE;

    @Option(names = "--entries", defaultValue = "10000", description = "Entries to append.")
    long entries = 10_000;

    @Option(names = "--threads", defaultValue = "2", description = "Appending threads.")
    int threads = 2;

    @Option(
        names = "--pg-url",
        defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
        description = "PostgreSQL to use (a fresh schema is created and dropped).")
    String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Option(
        names = "--warmup",
        defaultValue = "5000",
        description =
            "Entries appended first, untimed; then more, in rounds of 1,000, until the JIT has"
                + " compiled the append path (it is quiet), at most for --warmup-max-seconds.")
    long warmup = 5_000;

    @Option(
        names = "--warmup-max-seconds",
        defaultValue = "120",
        description = "Longest warm-up until the JIT is quiet (0: none beyond --warmup).")
    double warmupMaxSeconds = 120;

    @Option(
        names = "--proof-samples",
        defaultValue = "10000",
        description = "Inclusion proofs to time.")
    int proofSamples = 10_000;

    @Option(
        names = "--pairs",
        defaultValue = "10",
        description = "Append phases, each paired with the raw signing phases beside it.")
    int pairs = 10;

    @Option(
        names = "--sign-seconds",
        defaultValue = "1.5",
        description = "Length of each raw signing phase.")
    double signSeconds = 1.5;

    @Override
    public Integer call() throws Exception {
      if (entries < 1 || threads < 1) {
        spec.commandLine().getErr().println("--entries and --threads must be at least 1");
        return 2;
      }
      if (pairs < 1 || pairs > entries || signSeconds <= 0 || warmupMaxSeconds < 0) {
        spec.commandLine()
            .getErr()
            .println(
                "--pairs must be 1 to --entries, --sign-seconds above 0 and"
                    + " --warmup-max-seconds at least 0");
        return 2;
      }
      PrintWriter out = spec.commandLine().getOut();
      resetPeaks();
      ServiceKeys keys = ServiceKeys.ephemeral();

      try (BenchDatabase db = BenchDatabase.create("cab-bench", backend, pgUrl);
          ConfigurableApplicationContext ctx = db.startService(false)) {
        Sequencer sequencer = ctx.getBean(Sequencer.class);
        ServiceKeys signer = ctx.getBean(ServiceKeys.class);
        LogReader reader = ctx.getBean(LogReader.class);
        if (warmup > 0) {
          appendAll(sequencer, signer, new LatencyHistogram(), warmup, System.nanoTime());
          out.printf("warm-up: %d entries appended (not timed)%n", warmup);
          out.flush();
        }
        if (warmupMaxSeconds > 0) {
          JitWarmUp.Outcome warm =
              JitWarmUp.run(
                  () -> {
                    appendAll(
                        sequencer, signer, new LatencyHistogram(), WARMUP_ROUND, System.nanoTime());
                    return null;
                  },
                  Duration.ZERO,
                  Duration.ofMillis((long) (warmupMaxSeconds * 1000)));
          out.printf(
              Locale.ROOT,
              "warm-up until the JIT is quiet: %d more entries (not timed), %s%n",
              (long) warm.rounds() * WARMUP_ROUND,
              warm.describe());
          out.flush();
        }
        long before = reader.latestCheckpoint().size();

        // Sign, append, sign, append, ..., sign: each append phase is judged against the signing
        // phases right beside it, so a drift in machine speed over the run cancels out.
        LatencyHistogram latency = new LatencyHistogram();
        List<Double> signRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        signRates.add(rawSignRate(keys.serviceSigner()));
        long writerCpuBefore = writerCpuNanos();
        double appendSeconds = 0;
        for (int pair = 0; pair < pairs; pair++) {
          long count = entries / pairs + (pair < entries % pairs ? 1 : 0);
          long start = System.nanoTime();
          appendAll(sequencer, signer, latency, count, start);
          double seconds = (System.nanoTime() - start) / 1e9;
          appendSeconds += seconds;
          signRates.add(rawSignRate(keys.serviceSigner()));
          double sign = (signRates.get(pair) + signRates.get(pair + 1)) / 2;
          ratios.add(count / seconds / sign);
          out.printf(
              Locale.ROOT,
              "phase %d/%d: %d entries at %.0f/s, raw signing %.0f/s, ratio %.3f%n",
              pair + 1,
              pairs,
              count,
              count / seconds,
              sign,
              ratios.getLast());
          out.flush();
        }
        double writerMicros = (writerCpuNanos() - writerCpuBefore) / 1e3 / entries;
        double perSecond = entries / appendSeconds;
        double rawSign =
            signRates.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        List<Double> sorted = ratios.stream().sorted().toList();
        double median =
            sorted.size() % 2 == 1
                ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        out.printf(
            Locale.ROOT,
            "appended %d entries in %.1f s of append phases: %.0f/s; median ratio %.3f"
                + " (%.3f to %.3f)%n",
            entries,
            appendSeconds,
            perSecond,
            median,
            sorted.getFirst(),
            sorted.getLast());

        long size = reader.latestCheckpoint().size();
        if (size != before + entries) {
          throw new IllegalStateException(
              "log size " + size + " after appending; expected " + (before + entries));
        }
        LatencyHistogram proofs = new LatencyHistogram();
        for (int i = 0; i < proofSamples; i++) {
          long index = ThreadLocalRandom.current().nextLong(size);
          long t0 = System.nanoTime();
          reader.inclusionProof(index, size);
          proofs.record(System.nanoTime() - t0);
        }
        String json =
            String.format(
                Locale.ROOT,
                "{\"backend\":\"%s\",\"entries\":%d,\"threads\":%d,\"logSize\":%d,"
                    + "\"entriesPerSecond\":%.1f,\"rawSignPerSecond\":%.1f,\"ratio\":%.3f,"
                    + "\"ratioMin\":%.3f,\"ratioMax\":%.3f,\"pairs\":%d,"
                    + "\"p50Millis\":%.3f,\"p99Millis\":%.3f,\"inclusionProofP50Millis\":%.3f,"
                    + "\"inclusionProofP99Millis\":%.3f,\"peakHeapMiB\":%.1f,\"maxHeapMiB\":%.1f,"
                    + "\"writerCpuMicrosPerEntry\":%.1f}",
                backend.name().toLowerCase(Locale.ROOT),
                entries,
                threads,
                size,
                perSecond,
                rawSign,
                median,
                sorted.getFirst(),
                sorted.getLast(),
                pairs,
                latency.quantileMillis(0.5),
                latency.quantileMillis(0.99),
                proofs.quantileMillis(0.5),
                proofs.quantileMillis(0.99),
                peakHeapMiB(),
                Runtime.getRuntime().maxMemory() / 1048576.0,
                writerMicros);
        out.println(json);
        out.flush();
      }
      return 0;
    }

    private double rawSignRate(MlDsaSigner signer) throws InterruptedException {
      return BenchCommand.rawSignRate(signer, threads, signSeconds);
    }

    private void appendAll(
        Sequencer sequencer, ServiceKeys signer, LatencyHistogram latency, long count, long start)
        throws InterruptedException {
      AtomicLong next = new AtomicLong();
      AtomicLong done = new AtomicLong();
      List<Thread> workers = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      for (int t = 0; t < threads; t++) {
        workers.add(
            Thread.ofPlatform()
                .name("bench-appender-" + t)
                .start(
                    () -> {
                      // Each thread keeps a window of entries in flight, as a busy service's
                      // request threads would; waiting for each receipt in turn would measure
                      // one commit per entry, not the append path's throughput.
                      Semaphore window = new Semaphore(256);
                      long i;
                      while ((i = next.getAndIncrement()) < count && failures.isEmpty()) {
                        Envelope envelope = envelope(signer, start, i, now);
                        window.acquireUninterruptibly();
                        long t0 = System.nanoTime();
                        CompletableFuture<Receipt> receipt =
                            sequencer.submit(envelope, EntryProjection.NONE);
                        receipt.whenComplete(
                            (r, e) -> {
                              if (e != null) {
                                failures.add(e);
                              } else {
                                latency.record(System.nanoTime() - t0);
                              }
                              done.incrementAndGet();
                              window.release();
                            });
                      }
                      window.acquireUninterruptibly(256);
                    }));
      }
      Thread progress =
          Thread.ofPlatform()
              .daemon(true)
              .start(
                  () -> {
                    try {
                      while (true) {
                        Thread.sleep(5_000);
                        long n = done.get();
                        double s = (System.nanoTime() - start) / 1e9;
                        spec.commandLine()
                            .getErr()
                            .printf(
                                Locale.ROOT,
                                "… %d/%d entries appended (%.0f/s), heap %.0f MiB%n",
                                n,
                                count,
                                n / s,
                                usedHeapMiB());
                        spec.commandLine().getErr().flush();
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
        throw new IllegalStateException("appends failed", failures.getFirst());
      }
    }

    private static final Actor BENCH_ACTOR =
        Actor.of("user:bench", List.of("CAB_APPROVER"), "cab-ledger-bench");

    private static Envelope envelope(ServiceKeys signer, long run, long i, Instant now) {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      String change = "CR-BENCH-" + Long.toHexString(run) + "-" + i;
      Digest plan = Digest.sha256(change.getBytes(StandardCharsets.UTF_8));
      CabApproved data =
          new CabApproved(
              new UUID(rnd.nextLong(), rnd.nextLong()),
              new ClientId("bench"),
              plan,
              Optional.of("tf-bench"),
              BENCH_ACTOR.subject(),
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
      Statement statement =
          new Statement(
              change,
              plan,
              new Event(
                  new UUID(rnd.nextLong(), rnd.nextLong()).toString(), data, BENCH_ACTOR, now));
      return signer.sign(statement);
    }
  }

  /** One raw ML-DSA-65 signing phase: signatures per second with {@code threads} threads. */
  static double rawSignRate(MlDsaSigner signer, int threads, double seconds)
      throws InterruptedException {
    byte[] message = new byte[900]; // about the size of a statement's PAE
    ThreadLocalRandom.current().nextBytes(message);
    for (int i = 0; i < 200; i++) {
      signer.sign(message); // warm-up: JIT the signing path first
    }
    AtomicLong count = new AtomicLong();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (System.nanoTime() < deadline) {
                      signer.sign(message);
                      count.incrementAndGet();
                    }
                  }));
    }
    for (Thread w : workers) {
      w.join();
    }
    return count.get() / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * CPU time of the ledger's writer thread so far: the append path's cost beyond signing, a
   * steadier figure than throughput on a machine whose other load varies.
   */
  static long writerCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("ledger-sequencer")) {
        return threads.getThreadCpuTime(t.threadId());
      }
    }
    throw new IllegalStateException("no ledger-sequencer thread");
  }

  static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The peak of used heap, summed over the heap pools (an upper bound of the true peak). */
  static double peakHeapMiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / 1048576.0;
  }

  /**
   * Milliseconds the garbage collectors have reported so far (G1: its pauses and its concurrent
   * cycles), summed over the collectors: a heap too small for the load shows here first.
   */
  static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  static double usedHeapMiB() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
  }
}
