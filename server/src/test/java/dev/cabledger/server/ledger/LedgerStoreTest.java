package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.merkle.NodeId;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import dev.cabledger.server.storage.ConnectionPool;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

class LedgerStoreTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void ledgerTables_rejectUpdateAndDeleteInTheDatabaseItself(Backend backend) {
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, MlDsa65.generate(), 8)) {
      sequencer.append(TestLedger.envelope(signer, "a"), EntryProjection.NONE);
      TestLedger.store(db).insertMetaIfAbsent("origin", TestLedger.ORIGIN);
      JdbcTemplate jdbc = db.jdbc();

      for (String sql :
          new String[] {
            "UPDATE ledger_entry SET entry = entry",
            "DELETE FROM ledger_entry",
            "UPDATE merkle_node SET hash = hash",
            "DELETE FROM merkle_node",
            "UPDATE checkpoint SET note = note",
            "DELETE FROM checkpoint",
            "UPDATE ledger_meta SET value = 'other'",
            "DELETE FROM ledger_meta"
          }) {
        assertThatThrownBy(() -> jdbc.update(sql))
            .as(sql)
            .isInstanceOf(DataAccessException.class)
            .rootCause()
            .hasMessageContaining("append-only");
      }
      if (backend == Backend.POSTGRESQL) {
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE ledger_entry"))
            .rootCause()
            .hasMessageContaining("append-only");
      }
      assertThat(SequencerTest.count(db, "ledger_entry")).isEqualTo(1);
      assertThat(SequencerTest.count(db, "checkpoint")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void treeSize_emptyLogIsZeroThenTheLatestCheckpointsSize(Backend backend) {
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, MlDsa65.generate(), 8)) {
      LedgerStore store = TestLedger.store(db);
      assertThat(store.treeSize()).isZero();
      sequencer.append(TestLedger.envelope(signer, "a"), EntryProjection.NONE);
      sequencer.append(TestLedger.envelope(signer, "b"), EntryProjection.NONE);
      assertThat(store.treeSize()).isEqualTo(2);
    }
  }

  @Test
  void treeSizeAndLatestCheckpoint_postgres_arePreparedOnTheServerAfterAFewCalls() {
    try (TestDatabase db = TestDatabase.create(Backend.POSTGRESQL).migrate();
        var pool =
            ConnectionPool.open(
                db.url(), 1, Duration.ofSeconds(30), Optional.empty(), Optional.empty())) {
      JdbcTemplate jdbc = new JdbcTemplate(pool);
      LedgerStore store = new LedgerStore(jdbc, Backend.POSTGRESQL, Duration.ofSeconds(30));
      for (int i = 0; i < 10; i++) {
        store.treeSize();
        store.latestCheckpoint();
      }
      // A plain statement would be parsed and planned again on every call instead.
      assertThat(jdbc.queryForList("SELECT statement FROM pg_prepared_statements", String.class))
          .contains(
              "SELECT MAX(tree_size) FROM checkpoint",
              "SELECT tree_size, root_hash, note FROM checkpoint ORDER BY tree_size DESC LIMIT 1");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  // An unbounded wait blocks in a socket read, which an interrupt does not end: time out aside.
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void lockForAppend_heldByAnotherSession_givesUpAfterTheTimeoutForThatTransactionOnly(
      Backend backend) throws Exception {
    Duration timeout = Duration.ofMillis(500);
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        var pool = ConnectionPool.open(db.url(), 1, timeout, Optional.empty(), Optional.empty())) {
      LedgerStore store = new LedgerStore(new JdbcTemplate(pool), backend, timeout);
      String serverDefault = backend == Backend.POSTGRESQL ? lockTimeout(pool) : "";
      AppendLockHolder holder = AppendLockHolder.take(db.url());
      try {
        long start = System.nanoTime();
        // SQLite evicts the connection that timed out, so its rollback fails as well.
        assertThatThrownBy(() -> inTransaction(pool, store::lockForAppend))
            .isInstanceOfAny(DataAccessException.class, TransactionSystemException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      } finally {
        holder.close();
      }
      inTransaction(pool, store::lockForAppend);
      if (backend == Backend.POSTGRESQL) {
        // The timeout was each transaction's own: the one pooled connection is back to the default.
        assertThat(lockTimeout(pool)).isEqualTo(serverDefault);
      }
    }
  }

  private static void inTransaction(DataSource pool, Runnable work) {
    new TransactionTemplate(new DataSourceTransactionManager(pool))
        .executeWithoutResult(status -> work.run());
  }

  private static String lockTimeout(DataSource pool) {
    return String.valueOf(new JdbcTemplate(pool).queryForObject("SHOW lock_timeout", String.class));
  }

  @Test
  void key_roundTripsLevelAndIndex() {
    NodeId node = new NodeId(17, (1L << 40) + 5);
    assertThat(LedgerStore.nodeOfKey(LedgerStore.key(node))).isEqualTo(node);
    assertThat(LedgerStore.key(new NodeId(1, 0))).isNotEqualTo(LedgerStore.key(new NodeId(0, 1)));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void latestCheckpoint_rowAlteredAgainstItsSignedNote_isAnIntegrityFailure(Backend backend) {
    MlDsaSigner signer =
        new MlDsaSigner(new KeyId("service-test"), MlDsa65.generate().getPrivate());
    try (TestDatabase db = TestDatabase.create(backend).migrate();
        Sequencer sequencer = TestLedger.sequencer(db, MlDsa65.generate(), 8)) {
      sequencer.append(TestLedger.envelope(signer, "a"), EntryProjection.NONE);
      sequencer.append(TestLedger.envelope(signer, "b"), EntryProjection.NONE);
      LedgerStore store = TestLedger.store(db);
      assertThat(store.latestCheckpoint().orElseThrow().size()).isEqualTo(2);

      // An intruder makes the log look longer than its signed checkpoint says.
      db.dropAppendOnlyTriggers();
      db.jdbc().update("UPDATE checkpoint SET tree_size = 5 WHERE tree_size = 2");

      assertThatThrownBy(store::latestCheckpoint)
          .isInstanceOf(LedgerIntegrityException.class)
          .hasMessageContaining("disagrees with its signed note");
    }
  }
}
