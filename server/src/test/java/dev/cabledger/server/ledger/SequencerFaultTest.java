package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Storage faults during appends: each batch is stored whole or not at all, a caller is told
 * "nothing was recorded" only when that is certain, and the sequencer recovers by itself.
 */
class SequencerFaultTest {
  private static final BatchPolicy ONE_AT_A_TIME = new BatchPolicy(16, Duration.ZERO);
  private static KeyPair logKey;
  private static MlDsaSigner signer;

  @BeforeAll
  static void keys() {
    logKey = MlDsa65.generate();
    signer = new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_lockHeldLongerThanTimeout_nothingRecordedThenRecovers(Backend backend)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        HikariDataSource pool = TestDatabase.pool(db.url(), Duration.ofSeconds(1));
        Sequencer sequencer =
            sequencer(pool, backend, Duration.ofSeconds(1), Duration.ofSeconds(20))) {
      List<Receipt> receipts = new ArrayList<>();
      receipts.add(append(sequencer, "before"));
      AppendLockHolder holder = AppendLockHolder.take(db.url());
      try {
        for (int i = 0; i < 2; i++) {
          String tag = "held-" + i;
          assertThatThrownBy(() -> append(sequencer, tag))
              .isInstanceOf(LedgerUnavailableException.class);
        }
        assertThat(sequencer.failure()).isPresent();
      } finally {
        holder.close();
      }
      for (int i = 0; i < 5; i++) {
        receipts.add(append(sequencer, "after-" + i));
      }
      assertThat(receipts).extracting(Receipt::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
      assertThat(sequencer.failure()).isEmpty();
      TestLedger.assertLogHolds(db, logKey, 6, receipts);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void await_callerStopsWaitingWhileBatchWaitsForLock_outcomeUnknownAndLaterStored(Backend backend)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        HikariDataSource pool = TestDatabase.pool(db.url(), Duration.ofSeconds(20));
        Sequencer sequencer =
            sequencer(pool, backend, Duration.ofSeconds(20), Duration.ofMillis(500))) {
      CompletableFuture<Receipt> pending;
      AppendLockHolder holder = AppendLockHolder.take(db.url());
      try {
        pending = sequencer.submit(TestLedger.envelope(signer, "waits"), EntryProjection.NONE);
        CompletableFuture<Receipt> waiting = pending;
        assertThatThrownBy(() -> sequencer.await(waiting))
            .isInstanceOf(AppendOutcomeUnknownException.class)
            .hasMessageContaining("may yet be appended");
      } finally {
        holder.close();
      }
      Receipt stored = pending.get(20, TimeUnit.SECONDS);
      TestLedger.assertLogHolds(db, logKey, 1, List.of(stored));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_diskFullMidBatch_nothingOfTheBatchStoredThenRecovers(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend).migrate()) {
      FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
      try (Sequencer sequencer = sequencer(faulty, backend)) {
        Receipt first = append(sequencer, "first");
        faulty.failNextStatement("INSERT INTO merkle_node");
        assertThatThrownBy(() -> append(sequencer, "disk-full"))
            .isInstanceOf(LedgerUnavailableException.class)
            .hasMessageContaining("nothing was appended");
        assertThat(sequencer.failure()).isPresent();
        TestLedger.assertLogHolds(db, logKey, 1, List.of(first));

        Receipt next = append(sequencer, "next");
        assertThat(next.index()).isEqualTo(1);
        assertThat(sequencer.failure()).isEmpty();
        TestLedger.assertLogHolds(db, logKey, 2, List.of(first, next));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_commitFailsUnapplied_nothingRecordedThenRecovers(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend).migrate()) {
      FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
      try (Sequencer sequencer = sequencer(faulty, backend)) {
        faulty.failNextCommit();
        assertThatThrownBy(() -> append(sequencer, "lost"))
            .isInstanceOf(LedgerUnavailableException.class);
        TestLedger.assertLogHolds(db, logKey, 0, List.of());
        Receipt next = append(sequencer, "next");
        assertThat(next.index()).isZero();
        TestLedger.assertLogHolds(db, logKey, 1, List.of(next));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_commitAppliedButReportedFailed_receiptNotFailure(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend).migrate()) {
      FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
      try (Sequencer sequencer = sequencer(faulty, backend)) {
        faulty.commitNextThenFail();
        Receipt stored = append(sequencer, "stored");
        Receipt next = append(sequencer, "next");
        assertThat(next.index()).isEqualTo(stored.index() + 1);
        TestLedger.assertLogHolds(db, logKey, 2, List.of(stored, next));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_commitReportedFailedAndStoreGone_outcomeUnknownUntilStoreReturns(Backend backend)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(backend).migrate()) {
      FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
      try (Sequencer sequencer = sequencer(faulty, backend)) {
        faulty.commitNextThenFail();
        faulty.refuseConnectionsAfterNextCommit();
        assertThatThrownBy(() -> append(sequencer, "in-doubt"))
            .isInstanceOf(AppendOutcomeUnknownException.class);
        assertThat(sequencer.failure()).isPresent();
        Thread.sleep(1500);
        assertThat(sequencer.failure()).as("the probe cannot reach the store").isPresent();

        faulty.refuseConnections(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sequencer.failure().isPresent() && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(sequencer.failure()).as("recovered by the probe").isEmpty();
        // The commit had been applied: the entry is in the log, and the next follows it.
        Receipt next = append(sequencer, "next");
        assertThat(next.index()).isEqualTo(1);
        TestLedger.assertLogHolds(db, logKey, 2, List.of(next));
      }
    }
  }

  @Test
  void append_postgresConnectionTerminatedBeforeCommit_nothingRecordedThenRecovers()
      throws Exception {
    try (TestDatabase db = TestDatabase.create(Backend.POSTGRESQL).migrate();
        Sequencer sequencer = sequencer(db.dataSource(), Backend.POSTGRESQL)) {
      Receipt first = append(sequencer, "first");
      AtomicBoolean terminated = new AtomicBoolean();
      AtomicInteger killed = new AtomicInteger();
      JdbcTemplate inTransaction = new JdbcTemplate(db.dataSource());
      sequencer.beforeCommit(
          () -> {
            if (terminated.getAndSet(true)) {
              return;
            }
            Integer pid = inTransaction.queryForObject("SELECT pg_backend_pid()", Integer.class);
            try (Connection other = DriverManager.getConnection(TestDatabase.PG_URL);
                PreparedStatement kill = other.prepareStatement("SELECT pg_terminate_backend(?)")) {
              kill.setInt(1, pid == null ? -1 : pid);
              kill.execute();
              killed.set(pid == null ? -1 : pid);
            } catch (java.sql.SQLException e) {
              throw new IllegalStateException(e);
            }
          });
      assertThatThrownBy(() -> append(sequencer, "killed"))
          .isInstanceOf(LedgerUnavailableException.class);
      assertThat(killed.get()).isPositive();
      TestLedger.assertLogHolds(db, logKey, 1, List.of(first));

      List<Receipt> receipts = new ArrayList<>(List.of(first));
      for (int i = 0; i < 3; i++) {
        receipts.add(append(sequencer, "after-" + i));
      }
      assertThat(receipts).extracting(Receipt::index).containsExactly(0L, 1L, 2L, 3L);
      TestLedger.assertLogHolds(db, logKey, 4, receipts);
    }
  }

  private static Sequencer sequencer(FaultyDataSource faulty, Backend backend) {
    return sequencer(faulty.dataSource(), backend);
  }

  private static Sequencer sequencer(javax.sql.DataSource dataSource, Backend backend) {
    return sequencer(dataSource, backend, Duration.ofSeconds(5), Duration.ofSeconds(20));
  }

  private static Sequencer sequencer(
      javax.sql.DataSource dataSource, Backend backend, Duration lock, Duration receipt) {
    return TestLedger.sequencer(dataSource, backend, logKey, ONE_AT_A_TIME, lock, receipt);
  }

  private static Receipt append(Sequencer sequencer, String tag) {
    return sequencer.append(TestLedger.envelope(signer, tag), EntryProjection.NONE);
  }
}
