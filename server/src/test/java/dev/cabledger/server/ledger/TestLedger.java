package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.PipelineNote;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.merkle.MerkleTree;
import dev.cabledger.core.merkle.NodeId;
import dev.cabledger.core.sign.KeyFiles;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Builds the ledger's parts on a test database, without Spring. */
final class TestLedger {
  static final String ORIGIN = "test.cab-ledger.local/ledger";

  private TestLedger() {}

  static LedgerStore store(TestDatabase db) {
    return new LedgerStore(db.jdbc(), db.backend(), Duration.ofSeconds(30));
  }

  static Sequencer sequencer(TestDatabase db, KeyPair logKey, int maxBatch) {
    return sequencer(db, logKey, new BatchPolicy(maxBatch, Duration.ZERO));
  }

  static Sequencer sequencer(TestDatabase db, KeyPair logKey, BatchPolicy batching) {
    return sequencer(
        db.dataSource(),
        db.backend(),
        logKey,
        batching,
        Duration.ofSeconds(30),
        Duration.ofSeconds(60));
  }

  /**
   * A sequencer on {@code dataSource} with its own lock timeout (PostgreSQL; SQLite's is the pool's
   * busy timeout) and receipt timeout.
   */
  static Sequencer sequencer(
      DataSource dataSource,
      Backend backend,
      KeyPair logKey,
      BatchPolicy batching,
      Duration lockTimeout,
      Duration receiptTimeout) {
    return new Sequencer(
        new LedgerStore(new JdbcTemplate(dataSource), backend, lockTimeout),
        dataSource,
        new CheckpointSigner(ORIGIN, logKey),
        ORIGIN,
        batching,
        receiptTimeout,
        new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  /**
   * Asserts that the log holds exactly {@code size} entries, one checkpoint signed by {@code
   * logKey} over each committed prefix and no entry beyond the latest, the stored leaf hashes of
   * its entries, and every receipt's entry at its index.
   */
  static void assertLogHolds(
      TestDatabase db, KeyPair logKey, long size, Collection<Receipt> receipts) {
    LedgerStore store = store(db);
    List<Digest> leaves = new ArrayList<>();
    store.forEachEntry(
        0,
        Long.MAX_VALUE,
        e -> {
          assertThat(e.index()).isEqualTo(leaves.size());
          leaves.add(MerkleHash.leaf(e.bytes()));
        });
    assertThat(leaves).as("entries").hasSize((int) size);
    assertThat(store.treeSize()).as("size of the latest checkpoint").isEqualTo(size);
    Map<Long, Digest> stored = store.leafHashes(0, size);
    for (int i = 0; i < size; i++) {
      assertThat(stored.get(LedgerStore.key(new NodeId(0, i)))).isEqualTo(leaves.get(i));
    }
    CheckpointVerifier verifier = new CheckpointVerifier(ORIGIN, logKey.getPublic());
    for (String note : db.jdbc().queryForList("SELECT note FROM checkpoint", String.class)) {
      var checkpoint = verifier.verify(note).checkpoint();
      assertThat(checkpoint.root())
          .isEqualTo(MerkleTree.root(leaves.subList(0, (int) checkpoint.size())));
    }
    for (Receipt r : receipts) {
      assertThat(leaves.get((int) r.index()))
          .as("entry of receipt " + r.index())
          .isEqualTo(r.leafHash());
    }
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
    ObjectNode note = JsonNodeFactory.instance.objectNode();
    note.put("tag", tag);
    Digest plan = Digest.sha256(tag.getBytes(StandardCharsets.UTF_8));
    Statement statement =
        new Statement(
            tag,
            plan,
            new Event(
                UUID.randomUUID().toString(),
                new PipelineNote(new ClientId("test"), plan, note),
                Actor.of("user:test", List.of("REQUESTER"), "https://idp.example"),
                Instant.parse("2026-11-25T12:00:00Z")));
    return Envelope.sign(
        Envelope.IN_TOTO_PAYLOAD_TYPE, statement.canonicalBytes(), List.of(signer));
  }
}
