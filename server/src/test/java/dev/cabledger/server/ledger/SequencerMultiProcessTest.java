package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.merkle.MerkleTree;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SequencerMultiProcessTest {
  private static final int PER_PROCESS = 150;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_twoProcessesOnOneDatabaseProduceOneConsistentLog(Backend backend) throws Exception {
    try (TestDatabase db = TestDatabase.create(backend).migrate()) {
      Path keys = db.dataDir().resolve("keys");
      KeyPair logKey = TestLedger.writeLogKey(keys);

      Process a = start(db.url(), keys, "A");
      Process b = start(db.url(), keys, "B");
      // Both are ready before either appends, so their appends overlap in time.
      awaitReady(a, keys.resolve("A.log"));
      awaitReady(b, keys.resolve("B.log"));
      go(a);
      go(b);
      assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(a.exitValue()).as(Files.readString(keys.resolve("A.log"))).isZero();
      assertThat(b.exitValue()).as(Files.readString(keys.resolve("B.log"))).isZero();

      LedgerStore store = TestLedger.store(db);
      List<Digest> leaves = new ArrayList<>();
      Set<String> tags = new HashSet<>();
      List<Character> writers = new ArrayList<>();
      store.forEachEntry(
          0,
          Long.MAX_VALUE,
          e -> {
            assertThat(e.index()).isEqualTo(leaves.size());
            leaves.add(MerkleHash.leaf(e.bytes()));
            Statement s = Statement.parse(Envelope.parse(e.bytes()).payload());
            assertThat(tags.add(s.subjectName())).as("appended once: " + s.subjectName()).isTrue();
            writers.add(s.subjectName().charAt(0));
          });
      assertThat(leaves).hasSize(2 * PER_PROCESS);
      // The appends interleaved: the log switches between the writers several times (one
      // process finishing before the other began would give a single switch).
      int switches = 0;
      for (int i = 1; i < writers.size(); i++) {
        if (!writers.get(i).equals(writers.get(i - 1))) {
          switches++;
        }
      }
      assertThat(switches)
          .as("switches between the two processes' entries")
          .isGreaterThanOrEqualTo(3);

      // Every checkpoint either process signed commits to a prefix of this one log.
      CheckpointVerifier verifier = new CheckpointVerifier(TestLedger.ORIGIN, logKey.getPublic());
      List<String> notes = db.jdbc().queryForList("SELECT note FROM checkpoint", String.class);
      for (String note : notes) {
        var cp = verifier.verify(note).checkpoint();
        assertThat(cp.root()).isEqualTo(MerkleTree.root(leaves.subList(0, (int) cp.size())));
      }
      assertThat(store.treeSize()).isEqualTo(2 * PER_PROCESS);
    }
  }

  private static Process start(String url, Path keys, String tag) throws Exception {
    return new ProcessBuilder(
            TestLedger.appendProcess(
                url,
                keys.toString(),
                tag,
                Integer.toString(PER_PROCESS),
                "--wait-for-go",
                // Time between a process's commits: on SQLite a writer that commits back to back
                // can keep the other's busy-wait retries (which back off to 100 ms) from ever
                // finding the lock free, and the log would not interleave.
                "--pause-ms=5"))
        .redirectErrorStream(true)
        .redirectOutput(keys.resolve(tag + ".log").toFile())
        .start();
  }

  private static void awaitReady(Process process, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log).contains("ready")) {
      assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("ready within 60 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static void go(Process process) throws Exception {
    process.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
    process.getOutputStream().flush();
  }
}
