package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.checkpoint.SignedCheckpoint;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.merkle.MerkleTree;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SequencerTest {
  private static KeyPair logKey;
  private static MlDsaSigner signer;

  @BeforeAll
  static void keys() {
    logKey = MlDsa65.generate();
    KeyPair service = MlDsa65.generate();
    signer = new MlDsaSigner(new KeyId("service-test"), service.getPrivate());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_returnsReceiptProvenBySignedCheckpoint(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, 64)) {
      Receipt first = sequencer.append(TestLedger.envelope(signer, "a"), EntryProjection.NONE);
      Receipt second = sequencer.append(TestLedger.envelope(signer, "b"), EntryProjection.NONE);

      assertThat(first.index()).isZero();
      assertThat(second.index()).isEqualTo(1);
      SignedCheckpoint verified =
          new CheckpointVerifier(TestLedger.ORIGIN, logKey.getPublic())
              .verify(second.checkpoint().note());
      assertThat(verified.checkpoint().size()).isEqualTo(2);
      second.proof().verify(second.leafHash(), verified.checkpoint().root());
      first.proof().verify(first.leafHash(), first.checkpoint().root());
      assertThat(second.leafHash())
          .isEqualTo(MerkleHash.leaf(TestLedger.store(db).entry(1).orElseThrow().bytes()));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_concurrentAppendsShareBatchesAndFormOneLog(Backend backend) throws Exception {
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, 64)) {
      List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < 50; i++) {
                        CompletableFuture<Receipt> r =
                            sequencer.submit(
                                TestLedger.envelope(signer, thread + "-" + i),
                                EntryProjection.NONE);
                        synchronized (receipts) {
                          receipts.add(r);
                        }
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      Set<Long> indices = new HashSet<>();
      for (CompletableFuture<Receipt> r : receipts) {
        Receipt receipt = r.get();
        indices.add(receipt.index());
        receipt.proof().verify(receipt.leafHash(), receipt.checkpoint().root());
      }
      assertThat(indices).hasSize(200).allMatch(i -> i >= 0 && i < 200);

      LedgerStore store = TestLedger.store(db);
      Integer checkpoints =
          db.jdbc().queryForObject("SELECT COUNT(*) FROM checkpoint", Integer.class);
      assertThat(checkpoints).isLessThan(200); // group commit: fewer checkpoints than entries
      assertThat(store.latestCheckpoint().orElseThrow().root()).isEqualTo(rootOfStored(store, 200));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_withBatchDelay_groupsAStreamIntoOneCheckpoint(Backend backend) throws Exception {
    // A delay far longer than it takes to submit 20 entries. The first entry, found alone,
    // commits at once; the 20 queued behind it while it committed go into one batch together.
    BatchPolicy batching = new BatchPolicy(64, Duration.ofSeconds(1));
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, batching)) {
      CountDownLatch writing = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      sequencer.beforeCommit(
          () -> {
            writing.countDown();
            awaitQuietly(release);
          });
      CompletableFuture<Receipt> lone =
          sequencer.submit(TestLedger.envelope(signer, "lone"), EntryProjection.NONE);
      writing.await();
      sequencer.beforeCommit(() -> {});
      List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        receipts.add(sequencer.submit(TestLedger.envelope(signer, "s" + i), EntryProjection.NONE));
      }
      release.countDown();
      receipts.forEach(CompletableFuture::join);

      assertThat(lone.join().checkpoint().size()).isEqualTo(1);
      assertThat(count(db, "checkpoint")).isEqualTo(2);
      assertThat(receipts.getLast().join().checkpoint().size()).isEqualTo(21);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void batchPolicy_rejectsNonsense() {
    assertThatThrownBy(() -> new BatchPolicy(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BatchPolicy(10, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BatchPolicy(10, Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_failureBeforeCommitLeavesNoEntryNoCheckpointNoReceipt(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, 64)) {
      sequencer.append(TestLedger.envelope(signer, "kept"), EntryProjection.NONE);
      sequencer.beforeCommit(
          () -> {
            throw new IllegalStateException("injected crash between write and commit");
          });

      CompletableFuture<Receipt> lost =
          sequencer.submit(TestLedger.envelope(signer, "lost"), EntryProjection.NONE);

      assertThatThrownBy(lost::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(LedgerUnavailableException.class);
      LedgerStore store = TestLedger.store(db);
      assertThat(store.treeSize()).isEqualTo(1);
      assertThat(count(db, "ledger_entry")).isEqualTo(1);
      assertThat(count(db, "merkle_node")).isEqualTo(1);

      sequencer.beforeCommit(() -> {});
      Receipt next = sequencer.append(TestLedger.envelope(signer, "next"), EntryProjection.NONE);
      assertThat(next.index()).isEqualTo(1);
      next.proof().verify(next.leafHash(), next.checkpoint().root());
      assertThat(store.latestCheckpoint().orElseThrow().root()).isEqualTo(rootOfStored(store, 2));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_checkpointSigningFailureFailsClosed(Backend backend) {
    // A key the provider rejects only when asked to sign, as a signing device that went away.
    KeyPair unusable = new KeyPair(logKey.getPublic(), new UnusableMlDsaKey());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, unusable, 64)) {
      assertThatThrownBy(
              () -> sequencer.append(TestLedger.envelope(signer, "x"), EntryProjection.NONE))
          .isInstanceOf(LedgerUnavailableException.class)
          .hasMessageContaining("nothing was appended");
      assertThat(count(db, "ledger_entry")).isZero();
      assertThat(count(db, "checkpoint")).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_projectionFailureRollsBackTheEntry(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, 64)) {
      assertThatThrownBy(
              () ->
                  sequencer.append(
                      TestLedger.envelope(signer, "x"),
                      (jdbc, index) -> jdbc.update("INSERT INTO no_such_table VALUES (1)")))
          .isInstanceOf(ProjectionRejectedException.class);
      assertThat(count(db, "ledger_entry")).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_projectionFailureRefusesOnlyItsOwnEntry(Backend backend) {
    // One batch (a long delay gathers all three): the middle entry's projection fails.
    BatchPolicy batching = new BatchPolicy(64, Duration.ofSeconds(1));
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, batching)) {
      CompletableFuture<Receipt> first =
          sequencer.submit(TestLedger.envelope(signer, "first"), EntryProjection.NONE);
      CompletableFuture<Receipt> refused =
          sequencer.submit(
              TestLedger.envelope(signer, "refused"),
              (jdbc, index) -> jdbc.update("INSERT INTO no_such_table VALUES (1)"));
      CompletableFuture<Receipt> third =
          sequencer.submit(TestLedger.envelope(signer, "third"), EntryProjection.NONE);

      assertThatThrownBy(refused::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(ProjectionRejectedException.class);
      assertThat(first.join().index()).isZero();
      assertThat(third.join().index()).isEqualTo(1);
      LedgerStore store = TestLedger.store(db);
      assertThat(count(db, "ledger_entry")).isEqualTo(2);
      assertThat(store.latestCheckpoint().orElseThrow().root()).isEqualTo(rootOfStored(store, 2));
      third.join().proof().verify(third.join().leafHash(), third.join().checkpoint().root());
    }
  }

  /** Claims to be an ML-DSA-65 private key; its encoding is garbage. */
  private static final class UnusableMlDsaKey implements PrivateKey {
    private static final long serialVersionUID = 1L;

    @Override
    public String getAlgorithm() {
      return "ML-DSA-65";
    }

    @Override
    public String getFormat() {
      return "PKCS#8";
    }

    @Override
    public byte[] getEncoded() {
      return new byte[] {0x30, 0x03, 0x02, 0x01, 0x00};
    }
  }

  static long count(TestDatabase db, String table) {
    Long n = db.jdbc().queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    return n == null ? 0 : n;
  }

  static Digest rootOfStored(LedgerStore store, long size) {
    List<Digest> leaves = new ArrayList<>();
    store.forEachEntry(0, size, e -> leaves.add(MerkleHash.leaf(e.bytes())));
    assertThat(leaves).hasSize((int) size);
    return MerkleTree.root(leaves);
  }
}
