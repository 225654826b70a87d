package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.bundle.Finding;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestProjections;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ledger check of every workflow projection table, against rows an intruder changed. */
class WorkflowAuditTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void run_rowOfEveryTableDeletedAlteredOrForged_eachReportedByTableKeyAndColumn(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      TestProjections.Fixture f = TestProjections.record(service);
      String other = TestWorkflow.newChangeId();
      long otherAt =
          TestWorkflow.submit(service, other, "acme", TestWorkflow.newPlanHash(), "low")
              .get("entryIndex")
              .asLong();
      LedgerAudit audit = service.app().getBean(LedgerAudit.class);
      assertThat(audit.run().findings()).isEmpty();
      db.dropAppendOnlyTriggers();
      JdbcTemplate jdbc = db.jdbc();
      String now = Instant.now().toString();
      String id = f.changeId();

      // change_entry: the index row of an exception's approval deleted, a decision filed as a
      // rejection, a key registration (entry 0) filed as an approval of the change.
      jdbc.update("DELETE FROM change_entry WHERE entry_idx = ?", f.exceptionApprovalAt());
      jdbc.update(
          "UPDATE change_entry SET event_type = 'CAB_REJECTED' WHERE entry_idx = ?",
          f.supersedingAt());
      jdbc.update(
          "INSERT INTO change_entry (entry_idx, change_id, event_type)"
              + " VALUES (0, ?, 'CAB_APPROVED')",
          id);
      // change_request: another change's row deleted, this one's requester and status changed, a
      // change the log never submitted.
      jdbc.update("DELETE FROM change_request WHERE change_id = ?", other);
      jdbc.update(
          "UPDATE change_request SET requester = 'user:mallory', status = 'approved'"
              + " WHERE change_id = ?",
          id);
      jdbc.update(
          "INSERT INTO change_request (change_id, client, entry_idx, plan_hash, risk_level,"
              + " environment, requester, submitted_at, status, last_idx)"
              + " VALUES ('CR-forged', 'acme', ?, ?, 'low', NULL, 'user:mallory', ?, 'approved', ?)",
          f.revocation(),
          TestWorkflow.newPlanHash(),
          now,
          f.revocation());
      // approval: the standing decision deleted, an approver renamed, an approval never logged.
      jdbc.update("DELETE FROM approval WHERE approval_id = ?", f.superseding());
      jdbc.update(
          "UPDATE approval SET approver = 'user:mallory' WHERE approval_id = ?",
          f.exceptionApproval());
      String forgedApproval = UUID.randomUUID().toString();
      jdbc.update(
          "INSERT INTO approval (approval_id, change_id, client, kind, exception_id, approver,"
              + " status, decided_at, expiry_date, entry_idx)"
              + " VALUES (?, ?, 'acme', 'cab', NULL, 'user:mallory', 'approved', ?, NULL, ?)",
          forgedApproval,
          id,
          now,
          f.evidenceAt());
      // approval_end: a revocation's row deleted, a supersession turned into an expiry, the
      // standing decision ended by a revocation never logged.
      jdbc.update("DELETE FROM approval_end WHERE approval_id = ?", f.revoked());
      jdbc.update("UPDATE approval_end SET how = 'expired' WHERE approval_id = ?", f.superseded());
      jdbc.update(
          "INSERT INTO approval_end (approval_id, how, entry_idx) VALUES (?, 'revoked', ?)",
          f.superseding(),
          f.exceptionAt());
      // change_exception: a request's row deleted, a type changed, a request never logged.
      jdbc.update("DELETE FROM change_exception WHERE exception_id = ?", f.exception());
      jdbc.update(
          "UPDATE change_exception SET exception_type = 'vulnerability_scan'"
              + " WHERE exception_id = ?",
          f.pending());
      String forgedException = UUID.randomUUID().toString();
      jdbc.update(
          "INSERT INTO change_exception (exception_id, change_id, client, exception_type,"
              + " entry_idx) VALUES (?, ?, 'acme', 'vulnerability_scan', ?)",
          forgedException,
          id,
          f.submitted());
      // evidence_package: a package's row deleted, one moved to another client with other bytes,
      // a package never sealed.
      jdbc.update("DELETE FROM evidence_package WHERE evidence_hash = ?", f.otherEvidence());
      byte[] swapped = "{\"planSummary\": \"nothing to see\"}".getBytes(StandardCharsets.UTF_8);
      jdbc.update(
          "UPDATE evidence_package SET client = 'globex', document = ? WHERE evidence_hash = ?",
          swapped,
          f.evidence());
      byte[] forgedDocument = "{}".getBytes(StandardCharsets.UTF_8);
      String forgedHash = Digest.sha256(forgedDocument).hex();
      jdbc.update(
          "INSERT INTO evidence_package (evidence_hash, evidence_pack_id, change_id, client,"
              + " document, entry_idx) VALUES (?, ?, ?, 'acme', ?, ?)",
          forgedHash,
          UUID.randomUUID().toString(),
          id,
          forgedDocument,
          f.revocation());

      assertThat(audit.run().findings())
          .extracting(Finding::toString)
          .containsExactlyInAnyOrder(
              "entry %d: change_entry row (entry_idx %d) is missing; the entry establishes it"
                  .formatted(f.exceptionApprovalAt(), f.exceptionApprovalAt()),
              ("entry %d: change_entry row (entry_idx %d): event_type is \"CAB_REJECTED\" but the"
                      + " entry says \"CAB_APPROVED\"")
                  .formatted(f.supersedingAt(), f.supersedingAt()),
              "entry 0: change_entry row (entry_idx 0) names entry 0, which establishes no"
                  + " change_entry row",
              "entry %d: change_request row (change_id %s) is missing; the entry establishes it"
                  .formatted(otherAt, other),
              ("entry %d: change_request row (change_id %s): requester is \"user:mallory\" but the"
                      + " entry says \"user:pipeline\"")
                  .formatted(f.submitted(), id),
              ("entry %d: change_request row (change_id %s): status is \"approved\" but the policy"
                      + " gives \"pending\" as of entry %d")
                  .formatted(f.submitted(), id, f.otherEvidenceAt()),
              ("entry %d: change_request row (change_id CR-forged) names entry %d, which"
                      + " establishes no change_request row")
                  .formatted(f.revocation(), f.revocation()),
              "entry %d: approval row (approval_id %s) is missing; the entry establishes it"
                  .formatted(f.supersedingAt(), f.superseding()),
              ("entry %d: approval row (approval_id %s): approver is \"user:mallory\" but the entry"
                      + " says \"user:sec\"")
                  .formatted(f.exceptionApprovalAt(), f.exceptionApproval()),
              ("entry %d: approval row (approval_id %s) names entry %d, which establishes no"
                      + " approval row")
                  .formatted(f.evidenceAt(), forgedApproval, f.evidenceAt()),
              "entry %d: approval_end row (approval_id %s) is missing; the entry establishes it"
                  .formatted(f.revocation(), f.revoked()),
              ("entry %d: approval_end row (approval_id %s): how is \"expired\" but the entry says"
                      + " \"superseded\"")
                  .formatted(f.supersedingAt(), f.superseded()),
              ("entry %d: approval_end row (approval_id %s) names entry %d, which establishes no"
                      + " approval_end row")
                  .formatted(f.exceptionAt(), f.superseding(), f.exceptionAt()),
              ("entry %d: change_exception row (exception_id %s) is missing; the entry"
                      + " establishes it")
                  .formatted(f.exceptionAt(), f.exception()),
              ("entry %d: change_exception row (exception_id %s): exception_type is"
                      + " \"vulnerability_scan\" but the entry says \"unsigned_package\"")
                  .formatted(f.pendingAt(), f.pending()),
              ("entry %d: change_exception row (exception_id %s) names entry %d, which"
                      + " establishes no change_exception row")
                  .formatted(f.submitted(), forgedException, f.submitted()),
              ("entry %d: evidence_package row (evidence_hash %s) is missing; the entry"
                      + " establishes it")
                  .formatted(f.otherEvidenceAt(), f.otherEvidence()),
              ("entry %d: evidence_package row (evidence_hash %s): client is \"globex\" but the"
                      + " entry says \"acme\"")
                  .formatted(f.evidenceAt(), f.evidence()),
              ("entry %d: evidence_package row (evidence_hash %s): document hashes to %s, not to"
                      + " the evidence_hash the entry states")
                  .formatted(f.evidenceAt(), f.evidence(), Digest.sha256(swapped).hex()),
              ("entry %d: evidence_package row (evidence_hash %s) names entry %d, which"
                      + " establishes no evidence_package row")
                  .formatted(f.revocation(), forgedHash, f.revocation()));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void run_applyAndOverrideRowsHiddenOrAltered_eachReported(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      String id = TestWorkflow.newChangeId();
      String plan = TestWorkflow.newPlanHash();
      TestWorkflow.submit(service, id, "acme", plan, "high");
      HttpResponse<String> overridden =
          service.post(
              "/api/changes/" + id + "/override",
              "{\"planHash\": \"" + plan + "\", \"reason\": \"outage\"}",
              Optional.of(
                  service.token("user:admin", Set.of(Role.PLATFORM_ADMIN), Set.of("acme"), false)));
      assertThat(overridden.statusCode()).as(overridden.body()).isEqualTo(201);
      long overrideAt = TestWorkflow.json(overridden).get("entryIndex").asLong();
      HttpResponse<String> applied = TestWorkflow.applied(service, id, "acme", plan, "production");
      assertThat(applied.statusCode()).as(applied.body()).isEqualTo(201);
      long appliedAt = TestWorkflow.json(applied).get("receipt").get("index").asLong();
      LedgerAudit audit = service.app().getBean(LedgerAudit.class);
      assertThat(audit.run().findings()).isEmpty();
      db.dropAppendOnlyTriggers();
      JdbcTemplate jdbc = db.jdbc();

      // A hidden apply makes no change stale; a renamed admin hides who overrode.
      jdbc.update("DELETE FROM change_apply WHERE entry_idx = ?", appliedAt);
      jdbc.update(
          "UPDATE change_override SET overridden_by = 'user:mallory' WHERE entry_idx = ?",
          overrideAt);

      assertThat(audit.run().findings())
          .extracting(Finding::toString)
          .containsExactlyInAnyOrder(
              "entry %d: change_apply row (entry_idx %d) is missing; the entry establishes it"
                  .formatted(appliedAt, appliedAt),
              ("entry %d: change_override row (entry_idx %d): overridden_by is \"user:mallory\""
                      + " but the entry says \"user:admin\"")
                  .formatted(overrideAt, overrideAt));
    }
  }
}
