package dev.cabledger.server.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.server.TestChangeTypes;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestFreezes;
import dev.cabledger.server.TestService;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;

/**
 * The ledger check rebuilds the {@code change_template} rows from the log: an approval hidden from
 * the gate (its row removed) or a row the log does not hold (one inserted) is a finding; the rows
 * are append-only.
 */
class TemplateAuditTest {
  private static List<String> findings(TestService service) {
    return service.app().getBean(LedgerAudit.class).run().findings().stream()
        .map(Finding::message)
        .toList();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void compare_rowsRemovedOrInserted_areFindingsAndRowsAreAppendOnly(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      JsonNode template = TestChangeTypes.approvedTemplate(service, TestFreezes.newClient(), "low");
      long approval = template.get("approvalEntryIndex").asLong();
      assertThat(findings(service)).isEmpty();
      assertThatThrownBy(
              () -> db.jdbc().update("DELETE FROM change_template WHERE entry_idx = ?", approval))
          .isInstanceOf(DataAccessException.class);

      db.dropAppendOnlyTriggers();
      db.jdbc().update("DELETE FROM change_template WHERE entry_idx = ?", approval);
      // A row for an entry that is no template's (the service key's registration).
      db.jdbc()
          .update(
              "INSERT INTO change_template (entry_idx, template_id, client, event_type)"
                  + " VALUES (0, ?, ?, 'CHANGE_TEMPLATE_APPROVED')",
              template.get("templateId").asString(),
              template.get("client").asString());

      assertThat(findings(service))
          .anySatisfy(
              f ->
                  assertThat(f)
                      .contains("is an entry of template")
                      .contains("which has no change_template row"))
          .anySatisfy(f -> assertThat(f).contains("has no template entry in the log"));
    }
  }
}
