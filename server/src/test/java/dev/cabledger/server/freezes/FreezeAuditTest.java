package dev.cabledger.server.freezes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestFreezes;
import dev.cabledger.server.TestService;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger check rebuilds the freeze rows from the log: a freeze hidden from the gate (its rows
 * removed) or stretched to another client (a row added) is a finding; the rows are append-only.
 */
class FreezeAuditTest {
  private static final Instant START =
      Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

  private static long declare(TestService service, String client) {
    return TestFreezes.declare(
            service,
            TestFreezes.oneOff(
                List.of(client), List.of("production"), START, START.plus(Duration.ofDays(1))),
            client)
        .get("entryIndex")
        .asLong();
  }

  private static List<String> findings(TestService service) {
    return service.app().getBean(LedgerAudit.class).run().findings().stream()
        .map(Finding::message)
        .toList();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void compare_freezeWhoseRowsWereRemoved_isAFinding(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      String client = TestFreezes.newClient();
      long index = declare(service, client);
      assertThat(findings(service)).isEmpty();

      db.dropAppendOnlyTriggers();
      db.jdbc().update("DELETE FROM freeze_scope WHERE entry_idx = ?", index);
      db.jdbc().update("DELETE FROM declared_freeze WHERE entry_idx = ?", index);

      assertThat(findings(service))
          .singleElement()
          .asString()
          .contains("declares freeze")
          .contains("which has no freeze row");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void compare_scopeRowTheEntryDoesNotState_isAFinding(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      String client = TestFreezes.newClient();
      long index = declare(service, client);

      db.jdbc()
          .update(
              "INSERT INTO freeze_scope (client, environment, entry_idx) VALUES (?, ?, ?)",
              TestFreezes.newClient(),
              "production",
              index);

      assertThat(findings(service))
          .singleElement()
          .asString()
          .contains("freeze rows differ from the FREEZE_DECLARED entry");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void rows_areAppendOnly(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      long index = declare(service, TestFreezes.newClient());
      JdbcTemplate jdbc = db.jdbc();

      assertThatThrownBy(
              () ->
                  jdbc.update(
                      "UPDATE declared_freeze SET ends_at_ms = 0 WHERE entry_idx = ?", index))
          .isInstanceOf(DataAccessException.class);
      assertThatThrownBy(() -> jdbc.update("DELETE FROM freeze_scope WHERE entry_idx = ?", index))
          .isInstanceOf(DataAccessException.class);
    }
  }
}
