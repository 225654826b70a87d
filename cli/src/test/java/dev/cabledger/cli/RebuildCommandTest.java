package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code cab-ledger rebuild-projections} and the rebuild at start. */
class RebuildCommandTest {

  @Test
  void rebuild_lostRowsOfOneChange_indexedAgainFromTheLog() {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE)) {
      String kept = TestWorkflow.newChangeId();
      String lost = TestWorkflow.newChangeId();
      try (TestService first = TestService.start(db)) {
        TestWorkflow.submit(first, kept, "acme", TestWorkflow.newPlanHash(), "low");
        TestWorkflow.submit(first, lost, "acme", TestWorkflow.newPlanHash(), "high");
      }
      db.dropAppendOnlyTriggers();
      JdbcTemplate jdbc = db.jdbc();
      assertThat(jdbc.update("DELETE FROM change_entry WHERE change_id = ?", lost)).isEqualTo(1);
      assertThat(jdbc.update("DELETE FROM change_request WHERE change_id = ?", lost)).isEqualTo(1);

      VerifyCommandTest.Result rebuilt =
          VerifyCommandTest.run(
              "rebuild-projections",
              "--data-dir",
              db.dataDir().toString(),
              "--db-url",
              db.url(),
              "--cab.db-pool-size=3");

      assertThat(rebuilt.code()).as(rebuilt.err()).isZero();
      assertThat(rebuilt.out())
          .contains("restored 2 rows (change_entry 1, change_request 1)")
          .doesNotContain("left alone");
      assertThat(
              jdbc.queryForObject(
                  "SELECT status FROM change_request WHERE change_id = ?", String.class, lost))
          .isEqualTo("pending");
      try (TestService again = TestService.start(db)) {
        assertThat(again.app().getBean(LedgerAudit.class).run().findings()).isEmpty();
      }
    }
  }

  @Test
  void start_projectionsNeverRebuiltForThisDatabase_rebuildsThem() {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE)) {
      String id = TestWorkflow.newChangeId();
      String approvalId;
      try (TestService first = TestService.start(db)) {
        TestWorkflow.submit(first, id, "acme", TestWorkflow.newPlanHash(), "medium");
        approvalId = TestWorkflow.approve(first, id, "user:alice").get("approvalId").asString();
      }
      db.dropAppendOnlyTriggers();
      JdbcTemplate jdbc = db.jdbc();
      jdbc.update("DELETE FROM change_entry");
      jdbc.update("DELETE FROM change_request");
      jdbc.update("DELETE FROM approval");
      // As in a database restored without its projections: no record of their rebuild either.
      jdbc.update("DELETE FROM projection_rebuild");

      try (TestService again = TestService.start(db)) {
        List<String> ids = jdbc.queryForList("SELECT change_id FROM change_request", String.class);
        assertThat(ids).containsExactly(id);
        assertThat(jdbc.queryForList("SELECT approval_id FROM approval", String.class))
            .containsExactly(approvalId);
        assertThat(
                jdbc.queryForObject(
                    "SELECT status FROM change_request WHERE change_id = ?", String.class, id))
            .isEqualTo("approved");
        assertThat(again.app().getBean(LedgerAudit.class).run().findings()).isEmpty();
      }
    }
  }

  @Test
  void rebuild_rowTheLogDoesNotEstablish_leftAlone_exit1() {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE)) {
      String id = TestWorkflow.newChangeId();
      try (TestService first = TestService.start(db)) {
        TestWorkflow.submit(first, id, "acme", TestWorkflow.newPlanHash(), "low");
      }
      // A key registration (entry 0) filed as an entry of the change.
      db.jdbc()
          .update(
              "INSERT INTO change_entry (entry_idx, change_id, event_type)"
                  + " VALUES (0, ?, 'CAB_APPROVED')",
              id);

      VerifyCommandTest.Result rebuilt =
          VerifyCommandTest.run(
              "rebuild-projections",
              "--data-dir",
              db.dataDir().toString(),
              "--db-url",
              db.url(),
              "--cab.db-pool-size=3");

      assertThat(rebuilt.code()).as(rebuilt.err()).isEqualTo(1);
      assertThat(rebuilt.out())
          .contains("restored 0 rows")
          .contains("left alone 1 rows that differ from the log, or that the log does not")
          .contains("GET /api/audit/ledger-check");
      assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM change_entry", Long.class))
          .isEqualTo(2);
    }
  }
}
