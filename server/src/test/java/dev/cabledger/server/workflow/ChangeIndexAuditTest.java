package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ledger check's rebuild of the change index, against rows an intruder altered. */
class ChangeIndexAuditTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void run_untouchedIndex_noFindings_alteredRows_eachReported(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      String id = TestWorkflow.newChangeId();
      String other = TestWorkflow.newChangeId();
      long submitted =
          TestWorkflow.submit(service, id, "acme", TestWorkflow.newPlanHash(), "high")
              .get("entryIndex")
              .asLong();
      TestWorkflow.submit(service, other, "acme", TestWorkflow.newPlanHash(), "low");
      LedgerAudit audit = service.app().getBean(LedgerAudit.class);
      assertThat(audit.run().findings()).isEmpty();

      JdbcTemplate jdbc = db.jdbc();
      // The status column claims an approval the log does not hold.
      jdbc.update("UPDATE change_request SET status = 'approved' WHERE change_id = ?", id);
      // A key registration (entry 0) is indexed as if it were a decision about a change.
      jdbc.update(
          "INSERT INTO change_entry (entry_idx, change_id, event_type) VALUES (0, ?, 'CAB_APPROVED')",
          other);

      List<Finding> findings = audit.run().findings();

      assertThat(findings)
          .extracting(Finding::message)
          .anySatisfy(
              m -> assertThat(m).contains("says status approved").contains("policy gives pending"))
          .anySatisfy(m -> assertThat(m).contains("change_entry row names it as CAB_APPROVED"));
      assertThat(findings)
          .filteredOn(f -> f.message().contains("says status approved"))
          .singleElement()
          .satisfies(f -> assertThat(f.entryIndex()).hasValue(submitted));
    }
  }
}
