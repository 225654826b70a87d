package dev.cabledger.server.ledger;

import dev.cabledger.core.Digest;
import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.sign.KeyFiles;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Builds the ledger's parts on a test database, without Spring. */
final class TestLedger {
  static final String ORIGIN = "test.cab-ledger.local/ledger";

  private TestLedger() {}

  static LedgerStore store(TestDatabase db) {
    return new LedgerStore(db.jdbc(), db.backend());
  }

  static Sequencer sequencer(TestDatabase db, KeyPair logKey, int maxBatch) {
    return sequencer(db, logKey, new BatchPolicy(maxBatch, Duration.ZERO));
  }

  static Sequencer sequencer(TestDatabase db, KeyPair logKey, BatchPolicy batching) {
    return new Sequencer(
        store(db),
        new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())),
        new CheckpointSigner(ORIGIN, logKey),
        ORIGIN,
        batching,
        new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  /** Writes a new log key pair as log.pem / log.pub.pem into {@code dir}, for child processes. */
  static KeyPair writeLogKey(Path dir) throws IOException {
    Files.createDirectories(dir);
    KeyPair logKey = MlDsa65.generate();
    KeyFiles.writePrivateKey(dir.resolve("log.pem"), logKey.getPrivate());
    KeyFiles.writePublicKey(dir.resolve("log.pub.pem"), logKey.getPublic());
    return logKey;
  }

  /** The command line that runs {@link AppendProcess} in a new JVM on this test's classpath. */
  static List<String> appendProcess(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(AppendProcess.class.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** A signed envelope whose statement names {@code tag}, so each test entry is distinct. */
  static Envelope envelope(MlDsaSigner signer, String tag) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("tag", tag);
    Statement statement =
        new Statement(
            tag,
            Digest.sha256(tag.getBytes(StandardCharsets.UTF_8)),
            new Event(
                UUID.randomUUID().toString(),
                "TEST_EVENT",
                data,
                "user:test",
                Instant.parse("2026-11-25T12:00:00Z")));
    return Envelope.sign(
        Envelope.IN_TOTO_PAYLOAD_TYPE, statement.canonicalBytes(), List.of(signer));
  }
}
