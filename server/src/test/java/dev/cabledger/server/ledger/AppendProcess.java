package dev.cabledger.server.ledger;

import com.zaxxer.hikari.HikariDataSource;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.core.sign.KeyFiles;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A second service process for {@link SequencerMultiProcessTest}: appends entries tagged with its
 * name through its own sequencer and pool, sharing only the database (and the log key) with the
 * other process.
 *
 * <p>Arguments: jdbcUrl keysDir tag count [--print-receipts] [--wait-for-go] [--pause-ms=N] (N ms
 * between appends, 1 by default). With {@code --print-receipts} it prints {@code receipt <index>
 * <leaf hash hex>} the moment each receipt arrives, so a test can kill it mid-batch and check that
 * every receipt it saw is durable. With {@code --wait-for-go} it prints {@code ready} once its pool
 * and sequencer are up and appends only after reading a line from standard input, so two processes
 * can be started appending at once.
 */
final class AppendProcess {
  private AppendProcess() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path keys = Path.of(args[1]);
    String tag = args[2];
    int count = Integer.parseInt(args[3]);
    List<String> flags = List.of(args).subList(4, args.length);
    boolean printReceipts = flags.contains("--print-receipts");
    boolean waitForGo = flags.contains("--wait-for-go");
    long pauseMillis =
        flags.stream()
            .filter(f -> f.startsWith("--pause-ms="))
            .mapToLong(f -> Long.parseLong(f.substring("--pause-ms=".length())))
            .findFirst()
            .orElse(1);
    Backend backend = Backend.ofUrl(url);
    KeyPair logKey =
        new KeyPair(
            KeyFiles.readPublicKey(keys.resolve("log.pub.pem")),
            KeyFiles.readPrivateKey(keys.resolve("log.pem")));
    MlDsaSigner signer =
        new MlDsaSigner(
            new KeyId("service-test"), KeyFiles.readPrivateKey(keys.resolve("log.pem")));
    try (HikariDataSource ds = TestDatabase.pool(url, Duration.ofSeconds(30));
        Sequencer sequencer =
            new Sequencer(
                new LedgerStore(new JdbcTemplate(ds), backend, Duration.ofSeconds(30)),
                ds,
                new CheckpointSigner(TestLedger.ORIGIN, logKey),
                TestLedger.ORIGIN,
                new BatchPolicy(16, Duration.ofMillis(2)),
                Duration.ofSeconds(60),
                new SimpleMeterRegistry(),
                Clock.systemUTC())) {
      if (waitForGo) {
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
      List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        CompletableFuture<Receipt> receipt =
            sequencer.submit(TestLedger.envelope(signer, tag + "-" + i), EntryProjection.NONE);
        if (printReceipts) {
          receipt.thenAccept(
              r -> {
                synchronized (System.out) {
                  System.out.println("receipt " + r.index() + " " + r.leafHash().hex());
                  System.out.flush();
                }
              });
        }
        receipts.add(receipt);
        Thread.sleep(pauseMillis); // spread the appends over time so that processes interleave
      }
      for (CompletableFuture<Receipt> r : receipts) {
        Receipt receipt = r.join();
        receipt.proof().verify(receipt.leafHash(), receipt.checkpoint().root());
      }
    }
    System.out.println("appended " + count);
  }
}
