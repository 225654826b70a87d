package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.merkle.NodeId;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

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
