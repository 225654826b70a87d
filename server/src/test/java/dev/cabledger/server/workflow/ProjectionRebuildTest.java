package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestProjections;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The rebuild of every workflow projection table from the log, on demand and at start. */
class ProjectionRebuildTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void rebuild_deletedRowsOfEveryTable_restoredAsTheyWere(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      TestProjections.Fixture f = TestProjections.record(service);
      JdbcTemplate jdbc = db.jdbc();
      Map<String, List<Map<String, Object>>> before = TestProjections.snapshot(jdbc);
      db.dropAppendOnlyTriggers();
      jdbc.update("DELETE FROM change_entry WHERE entry_idx = ?", f.exceptionApprovalAt());
      jdbc.update("DELETE FROM change_request WHERE change_id = ?", f.changeId());
      jdbc.update("DELETE FROM approval WHERE approval_id = ?", f.superseding());
      jdbc.update("DELETE FROM approval_end WHERE approval_id = ?", f.superseded());
      jdbc.update("DELETE FROM change_exception WHERE exception_id = ?", f.pending());

      ProjectionRebuild.Result result = rebuild(service).rebuild(n -> {});

      assertThat(result.restored())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "change_entry", 1L,
                  "change_request", 1L,
                  "approval", 1L,
                  "approval_end", 1L,
                  "change_exception", 1L));
      // The restored change row was written as of the submission, then set from all its entries.
      assertThat(result.restated()).isEqualTo(1);
      assertThat(result.complete()).isTrue();
      assertThat(TestProjections.snapshot(jdbc)).isEqualTo(before);
      assertThat(audit(service)).isEmpty();
      assertThat(rebuild(service).rebuiltThrough()).hasValue(result.treeSize());
    }
  }

  /**
   * The defect this rebuild fixes: an intruder who deletes a revocation's index row and its {@code
   * approval_end} row hides the revocation from the approval queries, while the revocation is still
   * signed in the log.
   */
  private static void revocationHiddenByDeletedRows(TestDatabase db, TestProjections.Fixture f) {
    db.dropAppendOnlyTriggers();
    JdbcTemplate jdbc = db.jdbc();
    assertThat(jdbc.update("DELETE FROM change_entry WHERE entry_idx = ?", f.revocation()))
        .isEqualTo(1);
    assertThat(jdbc.update("DELETE FROM approval_end WHERE approval_id = ?", f.revoked()))
        .isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void rebuild_revocationHiddenByDeletedRows_checkReportsIt_rebuildShowsItAgain(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      TestProjections.Fixture f = TestProjections.record(service);
      String revoked = "/api/approvals?deploymentIntent=" + f.changeId() + "&status=revoked";
      assertThat(approvalIds(service, revoked)).containsExactly(f.revoked());

      revocationHiddenByDeletedRows(db, f);

      assertThat(approvalIds(service, revoked)).isEmpty();
      assertThat(audit(service))
          .extracting(Finding::toString)
          .containsExactlyInAnyOrder(
              "entry %d: change_entry row (entry_idx %d) is missing; the entry establishes it"
                  .formatted(f.revocation(), f.revocation()),
              "entry %d: approval_end row (approval_id %s) is missing; the entry establishes it"
                  .formatted(f.revocation(), f.revoked()));

      ProjectionRebuild.Result result = rebuild(service).rebuild(n -> {});

      assertThat(result.restored())
          .containsExactlyInAnyOrderEntriesOf(Map.of("change_entry", 1L, "approval_end", 1L));
      assertThat(approvalIds(service, revoked)).containsExactly(f.revoked());
      JsonNode change = TestApi.json(TestApi.get(service, "/api/changes/" + f.changeId()));
      assertThat(change.get("decisions"))
          .filteredOn(d -> d.get("approvalId").asString().equals(f.revoked()))
          .singleElement()
          .satisfies(d -> assertThat(d.get("standing").asString()).isEqualTo("revoked"));
      assertThat(audit(service)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void rebuild_alteredAndForgedRows_leftAloneAndStillReported_statusSetFromTheEntries(
      Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      TestProjections.Fixture f = TestProjections.record(service);
      db.dropAppendOnlyTriggers();
      JdbcTemplate jdbc = db.jdbc();
      jdbc.update(
          "UPDATE approval SET approver = 'user:mallory' WHERE approval_id = ?", f.superseding());
      String forged = UUID.randomUUID().toString();
      jdbc.update(
          "INSERT INTO approval_end (approval_id, how, entry_idx) VALUES (?, 'superseded', ?)",
          forged,
          f.evidenceAt());
      jdbc.update(
          "UPDATE change_request SET status = 'approved' WHERE change_id = ?", f.changeId());

      ProjectionRebuild.Result result = rebuild(service).rebuild(n -> {});

      assertThat(result.restored()).isEmpty();
      assertThat(result.leftAlone()).isEqualTo(2);
      assertThat(result.restated()).isEqualTo(1);
      assertThat(result.complete()).isFalse();
      assertThat(
              jdbc.queryForObject(
                  "SELECT status FROM change_request WHERE change_id = ?",
                  String.class,
                  f.changeId()))
          .isEqualTo("pending");
      assertThat(audit(service))
          .extracting(Finding::message)
          .containsExactlyInAnyOrder(
              "approval row (approval_id %s): approver is \"user:mallory\" but the entry says"
                      .formatted(f.superseding())
                  + " \"user:cab2\"",
              "approval_end row (approval_id %s) names entry %d, which establishes no approval_end row"
                  .formatted(forged, f.evidenceAt()));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void rebuild_deletedEvidencePackage_cannotBeRestored_checkStillReportsIt(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      TestProjections.Fixture f = TestProjections.record(service);
      db.dropAppendOnlyTriggers();
      db.jdbc().update("DELETE FROM evidence_package WHERE evidence_hash = ?", f.evidence());

      ProjectionRebuild.Result result = rebuild(service).rebuild(n -> {});

      assertThat(result.restored()).isEmpty();
      assertThat(result.unrestorable()).isEqualTo(1);
      assertThat(result.complete()).isFalse();
      assertThat(audit(service))
          .extracting(Finding::toString)
          .containsExactly(
              ("entry %d: evidence_package row (evidence_hash %s) is missing; the entry"
                      + " establishes it")
                  .formatted(f.evidenceAt(), f.evidence()));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void start_generationRebuiltAlready_replaysNothing_withoutItRebuildsEveryTable(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend)) {
      TestProjections.Fixture f;
      long size;
      try (TestService first = TestService.start(db)) {
        f = TestProjections.record(first);
        size = TestWorkflow.treeSize(first);
      }
      JdbcTemplate jdbc = db.jdbc();
      Map<String, List<Map<String, Object>>> before = TestProjections.snapshot(jdbc);
      db.dropAppendOnlyTriggers();
      for (String table :
          List.of(
              "change_entry", "change_request", "approval", "approval_end", "change_exception")) {
        jdbc.update("DELETE FROM " + table);
      }

      // The first start recorded its rebuild (of the then new log): this one replays nothing.
      try (TestService again = TestService.start(db)) {
        assertThat(rebuild(again).rebuiltThrough())
            .hasValueSatisfying(n -> assertThat(n).isLessThan(size));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM change_entry", Long.class)).isZero();
        assertThat(audit(again)).isNotEmpty();
      }

      // A database without that record (restored without its projections) is rebuilt at start.
      jdbc.update("DELETE FROM projection_rebuild");
      try (TestService third = TestService.start(db)) {
        assertThat(TestProjections.snapshot(jdbc)).isEqualTo(before);
        assertThat(rebuild(third).rebuiltThrough()).hasValue(size);
        assertThat(audit(third)).isEmpty();
        assertThat(
                approvalIds(
                    third, "/api/approvals?deploymentIntent=" + f.changeId() + "&status=revoked"))
            .containsExactly(f.revoked());
      }
    }
  }

  private static ProjectionRebuild rebuild(TestService service) {
    return service.app().getBean(ProjectionRebuild.class);
  }

  private static List<Finding> audit(TestService service) {
    return service.app().getBean(LedgerAudit.class).run().findings();
  }

  private static List<String> approvalIds(TestService service, String query) {
    JsonNode page = TestApi.json(TestApi.get(service, query));
    return page.get("approvals").valueStream().map(a -> a.get("approvalId").asString()).toList();
  }
}
