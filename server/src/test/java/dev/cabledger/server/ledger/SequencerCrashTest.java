package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.merkle.MerkleTree;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a process that is appending (SIGKILL, mid-batch) and checks that every receipt it handed
 * out is durable, and that the database holds whole batches only: every stored entry is covered by
 * a signed checkpoint whose root matches the entries.
 */
class SequencerCrashTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_killedMidBatch_neverLeavesAReceiptWithoutADurableEntry(Backend backend)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(backend).migrate()) {
      Path keys = db.dataDir().resolve("keys");
      KeyPair logKey = TestLedger.writeLogKey(keys);
      Process child =
          new ProcessBuilder(
                  TestLedger.appendProcess(
                      db.url(), keys.toString(), "crash", "100000", "--print-receipts"))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      Map<Long, String> receipts = new HashMap<>();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while (receipts.size() < 300 && (line = out.readLine()) != null) {
          String[] parts = line.split(" ");
          if (parts.length == 3 && parts[0].equals("receipt")) {
            receipts.put(Long.parseLong(parts[1]), parts[2]);
          }
        }
        // SIGKILL while more batches are being written; receipts it printed after the last line
        // read here are not checked (killing also closes our end of its output).
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(receipts).hasSizeGreaterThanOrEqualTo(300);

      LedgerStore store = TestLedger.store(db);
      long size = store.treeSize();
      assertThat(size).as("killed before it finished").isLessThan(100_000);
      List<Digest> leaves = new ArrayList<>();
      store.forEachEntry(0, Long.MAX_VALUE, e -> leaves.add(MerkleHash.leaf(e.bytes())));
      // Whole batches only: exactly the entries the latest checkpoint covers, no more.
      assertThat(leaves).hasSize((int) size);
      for (Map.Entry<Long, String> r : receipts.entrySet()) {
        assertThat(r.getKey()).isLessThan(size);
        assertThat(leaves.get(r.getKey().intValue()).hex()).isEqualTo(r.getValue());
      }
      var checkpoint = store.latestCheckpoint().orElseThrow();
      new CheckpointVerifier(TestLedger.ORIGIN, logKey.getPublic()).verify(checkpoint.note());
      assertThat(checkpoint.root()).isEqualTo(MerkleTree.root(leaves));
    }
  }
}
