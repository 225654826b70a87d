package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.merkle.MerkleTree;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.KeyPair;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

class LogReaderTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void proofs_randomSizesVerifyAndAlteredOnesAreRejected(Backend backend) {
    KeyPair logKey = MlDsa65.generate();
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    Random random = new Random(9162);
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, 7)) {
      List<Digest> leaves = new ArrayList<>();
      // Random batch sizes, so stored trees end at many different frontier shapes.
      while (leaves.size() < 300) {
        int batch = 1 + random.nextInt(20);
        List<CompletableFuture<Receipt>> pending = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          var envelope = TestLedger.envelope(signer, "e" + (leaves.size() + i));
          pending.add(sequencer.submit(envelope, EntryProjection.NONE));
        }
        pending.forEach(
            p -> {
              Receipt r = p.join();
              leaves.add(r.leafHash());
            });
      }
      LogReader reader = new LogReader(TestLedger.store(db));
      long size = leaves.size();
      for (int i = 0; i < 200; i++) {
        long treeSize = 1 + random.nextLong(size);
        long index = random.nextLong(treeSize);
        Digest root = MerkleTree.root(leaves.subList(0, (int) treeSize));
        InclusionProof proof = reader.inclusionProof(index, treeSize);
        proof.verify(leaves.get((int) index), root);
        assertThatThrownBy(() -> proof.verify(leaves.get((int) index), MerkleHash.empty()))
            .isInstanceOf(VerificationException.class);
        if (!proof.hashes().isEmpty()) {
          List<Digest> altered = new ArrayList<>(proof.hashes());
          altered.set(0, MerkleHash.leaf(new byte[] {1}));
          assertThatThrownBy(
                  () ->
                      new InclusionProof(index, treeSize, altered)
                          .verify(leaves.get((int) index), root))
              .isInstanceOf(VerificationException.class);
        }

        long from = 1 + random.nextLong(treeSize);
        ConsistencyProof consistency = reader.consistencyProof(from, treeSize);
        consistency.verify(MerkleTree.root(leaves.subList(0, (int) from)), root);
        if (from < treeSize) {
          assertThatThrownBy(() -> consistency.verify(MerkleHash.empty(), root))
              .isInstanceOf(VerificationException.class);
        }
      }
      assertThat(reader.latestCheckpoint().root()).isEqualTo(MerkleTree.root(leaves));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void inclusionProof_rejectsBadAndBeyondLogRequests(Backend backend) {
    KeyPair logKey = MlDsa65.generate();
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, 8)) {
      LogReader reader = new LogReader(TestLedger.store(db));
      assertThatThrownBy(reader::latestCheckpoint)
          .isInstanceOfSatisfying(
              LedgerRangeException.class, e -> assertThat(e.isBeyondLog()).isTrue());
      sequencer.append(TestLedger.envelope(signer, "only"), EntryProjection.NONE);

      assertThatThrownBy(() -> reader.inclusionProof(-1, 1))
          .isInstanceOfSatisfying(
              LedgerRangeException.class, e -> assertThat(e.isBeyondLog()).isFalse());
      assertThatThrownBy(() -> reader.inclusionProof(1, 1))
          .isInstanceOfSatisfying(
              LedgerRangeException.class, e -> assertThat(e.isBeyondLog()).isFalse());
      assertThatThrownBy(() -> reader.inclusionProof(0, 2))
          .isInstanceOfSatisfying(
              LedgerRangeException.class, e -> assertThat(e.isBeyondLog()).isTrue());
      assertThatThrownBy(() -> reader.entry(5))
          .isInstanceOfSatisfying(
              LedgerRangeException.class, e -> assertThat(e.isBeyondLog()).isTrue());
      assertThatThrownBy(() -> reader.consistencyProof(0, 1))
          .isInstanceOf(LedgerRangeException.class);
      assertThatThrownBy(() -> reader.consistencyProof(1, 3))
          .isInstanceOf(LedgerRangeException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void inclusionProof_treeBeyondTheLogWhoseNodesAreAllStored_isBeyondLog(Backend backend) {
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, MlDsa65.generate(), 8)) {
      sequencer.append(TestLedger.envelope(signer, "a"), EntryProjection.NONE);
      sequencer.append(TestLedger.envelope(signer, "b"), EntryProjection.NONE);
      LogReader reader = new LogReader(TestLedger.store(db));

      // Leaf 2 of a tree of 3 needs only the stored node over leaves 0 and 1; the log has 2.
      assertThatThrownBy(() -> reader.inclusionProof(2, 3))
          .isInstanceOfSatisfying(
              LedgerRangeException.class, e -> assertThat(e.isBeyondLog()).isTrue());
      assertThat(reader.inclusionProof(1, 2).hashes()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void proofs_nodeMissingFromTheStore_isAnIntegrityFailureNotBeyondLog(Backend backend) {
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, MlDsa65.generate(), 8)) {
      for (int i = 0; i < 5; i++) {
        sequencer.append(TestLedger.envelope(signer, "e" + i), EntryProjection.NONE);
      }
      LogReader reader = new LogReader(TestLedger.store(db));

      // An intruder deletes the leaf hash of entry 4, which every proof up to size 5 needs.
      db.dropAppendOnlyTriggers();
      db.jdbc().update("DELETE FROM merkle_node WHERE id = ?", 4L);

      assertThatThrownBy(() -> reader.inclusionProof(0, 5))
          .isInstanceOf(LedgerIntegrityException.class)
          .hasMessageContaining("missing from the store");
      assertThatThrownBy(() -> reader.consistencyProof(2, 5))
          .isInstanceOf(LedgerIntegrityException.class)
          .hasMessageContaining("missing from the store");
      assertThat(reader.inclusionProof(0, 4).hashes()).hasSize(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void proofs_withinTheLog_takeOneQueryEach(Backend backend) {
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, MlDsa65.generate(), 64)) {
      for (int i = 0; i < 40; i++) {
        sequencer.submit(TestLedger.envelope(signer, "q" + i), EntryProjection.NONE);
      }
      sequencer.append(TestLedger.envelope(signer, "last"), EntryProjection.NONE);
      AtomicInteger statements = new AtomicInteger();
      LogReader reader =
          new LogReader(
              new LedgerStore(
                  new JdbcTemplate(counting(db.dataSource(), statements)),
                  backend,
                  Duration.ofSeconds(30)));

      reader.inclusionProof(17, 41);
      assertThat(statements).as("statements for an inclusion proof").hasValue(1);
      statements.set(0);
      reader.consistencyProof(9, 41);
      assertThat(statements).as("statements for a consistency proof").hasValue(1);
    }
  }

  /** {@code real}, counting every statement its connections prepare or create. */
  private static DataSource counting(DataSource real, AtomicInteger statements) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(real, method, args);
              if (!(result instanceof Connection connection)) {
                return result;
              }
              return Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("prepareStatement")
                        || m.getName().equals("createStatement")) {
                      statements.incrementAndGet();
                    }
                    return invoke(connection, m, a);
                  });
            });
  }

  private static @Nullable Object invoke(Object target, Method method, Object @Nullable [] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void forEachProvenEntry_matchesSingleProofsAndLeavesOutOnlyWhatLacksANode(Backend backend) {
    KeyPair logKey = MlDsa65.generate();
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, 64)) {
      for (int i = 0; i < 600; i++) {
        sequencer.submit(TestLedger.envelope(signer, "p" + i), EntryProjection.NONE);
      }
      sequencer.append(TestLedger.envelope(signer, "last"), EntryProjection.NONE);
      LogReader reader = new LogReader(TestLedger.store(db));
      long size = reader.latestCheckpoint().size();
      List<LogReader.ProvenEntry> proven = new ArrayList<>();
      reader.forEachProvenEntry(3, size, size, proven::add);

      assertThat(proven).hasSize((int) size - 3);
      for (LogReader.ProvenEntry p : proven) {
        assertThat(p.proof()).contains(reader.inclusionProof(p.entry().index(), size));
      }

      // An intruder deletes the leaf node of entry 300: only entry 301's proof needs it.
      db.dropAppendOnlyTriggers();
      db.jdbc().update("DELETE FROM merkle_node WHERE id = ?", 300L);
      List<Long> unproven = new ArrayList<>();
      reader.forEachProvenEntry(
          0,
          size,
          size,
          p -> {
            if (p.proof().isEmpty()) {
              unproven.add(p.entry().index());
            }
          });
      assertThat(unproven).containsExactly(301L);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void inclusionProofs_scatteredEntries_matchSingleProofsAndLeaveOutWhatLacksANode(
      Backend backend) {
    KeyPair logKey = MlDsa65.generate();
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, 64)) {
      for (int i = 0; i < 300; i++) {
        sequencer.submit(TestLedger.envelope(signer, "s" + i), EntryProjection.NONE);
      }
      sequencer.append(TestLedger.envelope(signer, "last"), EntryProjection.NONE);
      LogReader reader = new LogReader(TestLedger.store(db));
      long size = reader.latestCheckpoint().size();
      List<Long> scattered = List.of(0L, 7L, 150L, 151L, 299L, size - 1);

      Map<Long, Optional<InclusionProof>> proofs = reader.inclusionProofs(scattered, size);

      assertThat(proofs.keySet()).containsExactlyInAnyOrderElementsOf(scattered);
      for (long index : scattered) {
        assertThat(proofs.get(index)).contains(reader.inclusionProof(index, size));
      }
      assertThatThrownBy(() -> reader.inclusionProofs(List.of(size), size))
          .isInstanceOf(LedgerRangeException.class);

      // An intruder deletes the leaf node of entry 150: only entry 151's proof needs it.
      db.dropAppendOnlyTriggers();
      db.jdbc().update("DELETE FROM merkle_node WHERE id = ?", 150L);
      Map<Long, Optional<InclusionProof>> after = reader.inclusionProofs(scattered, size);
      assertThat(after.get(151L)).isEmpty();
      assertThat(after.get(150L)).isPresent();
      assertThat(after.get(7L)).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verifyIncluded_scatteredEntries_provenAsOneBatchAndAnyDefectRejected(Backend backend) {
    KeyPair logKey = MlDsa65.generate();
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, 64)) {
      List<byte[]> entries = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        Envelope entry = TestLedger.envelope(signer, "s" + i);
        entries.add(entry.canonicalBytes());
        sequencer.submit(entry, EntryProjection.NONE);
      }
      sequencer.append(TestLedger.envelope(signer, "last"), EntryProjection.NONE);
      LogReader reader = new LogReader(TestLedger.store(db));
      StoredCheckpoint checkpoint = reader.latestCheckpoint();
      Map<Long, Digest> leaves = new HashMap<>();
      for (long index : List.of(0L, 7L, 150L, 151L, 152L, 299L)) {
        leaves.put(index, MerkleHash.leaf(entries.get((int) index)));
      }

      reader.verifyIncluded(leaves, checkpoint.size(), checkpoint.root());

      Map<Long, Digest> wrongLeaf = new HashMap<>(leaves);
      wrongLeaf.put(151L, MerkleHash.leaf(entries.get(150)));
      assertThatThrownBy(
              () -> reader.verifyIncluded(wrongLeaf, checkpoint.size(), checkpoint.root()))
          .isInstanceOf(VerificationException.class)
          .hasMessageContaining("not the expected root");
      assertThatThrownBy(
              () ->
                  reader.verifyIncluded(
                      Map.of(checkpoint.size(), leaves.get(0L)),
                      checkpoint.size(),
                      checkpoint.root()))
          .isInstanceOf(LedgerRangeException.class);
      assertThatThrownBy(
              () -> reader.verifyIncluded(leaves, checkpoint.size() + 64, checkpoint.root()))
          .isInstanceOf(LedgerRangeException.class)
          .hasMessageContaining("no tree of size " + (checkpoint.size() + 64));

      // An intruder deletes the node over entries 148 and 149 (level 1, index 74), which the
      // batch needs beside 150 and 151.
      db.dropAppendOnlyTriggers();
      db.jdbc().update("DELETE FROM merkle_node WHERE id = ?", (1L << 48) | 74);
      assertThatThrownBy(() -> reader.verifyIncluded(leaves, checkpoint.size(), checkpoint.root()))
          .isInstanceOf(VerificationException.class)
          .hasMessageContaining("missing from the store");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void firstAppendedAtOrAfter_findsTheFirstEntryOfABatchAppendedThen(Backend backend) {
    KeyPair logKey = MlDsa65.generate();
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, logKey, 8)) {
      List<Instant> appended = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        sequencer.append(TestLedger.envelope(signer, "t" + i), EntryProjection.NONE);
      }
      LogReader reader = new LogReader(TestLedger.store(db));
      long size = reader.size();
      for (long i = 0; i < size; i++) {
        appended.add(
            Instant.parse(
                db.jdbc()
                    .queryForObject(
                        "SELECT appended_at FROM ledger_entry WHERE idx = ?", String.class, i)));
      }

      for (int i = 0; i < size; i++) {
        long first = reader.firstAppendedAtOrAfter(appended.get(i), size);
        assertThat(appended.get((int) first)).isEqualTo(appended.get(i));
        assertThat(first == 0 || appended.get((int) first - 1).isBefore(appended.get(i))).isTrue();
      }
      assertThat(reader.firstAppendedAtOrAfter(appended.getLast().plusMillis(1), size))
          .isEqualTo(size);
      assertThat(reader.firstAppendedAtOrAfter(Instant.EPOCH, size)).isZero();
      assertThat(reader.firstAppendedAtOrAfter(Instant.EPOCH, 0)).isZero();
    }
  }
}
