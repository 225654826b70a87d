package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestEvents;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two whole service instances on one database and one keys directory, as a production deployment
 * behind a load balancer: both register the keys at start-up and append at once; the log stays one
 * log that the audit passes, with each key registered once.
 */
class MultiInstanceTest {
  private static final int PER_INSTANCE = 60;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void twoInstances_startAndAppendAtOnce_oneLogThatPassesTheAudit(Backend backend)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(backend)) {
      // Flyway migrates a new PostgreSQL schema under its own lock, so both may start at once.
      // SQLite's first migration is not safe to run from two processes at once: the second
      // instance starts when the first is up (it still registers nothing twice, see KeyRegistry).
      CompletableFuture<TestService> a = CompletableFuture.supplyAsync(() -> TestService.start(db));
      if (backend == Backend.SQLITE) {
        a.join();
      }
      CompletableFuture<TestService> b = CompletableFuture.supplyAsync(() -> TestService.start(db));
      try (TestService first = a.join();
          TestService second = b.join()) {
        CompletableFuture<Void> appendsA =
            CompletableFuture.runAsync(() -> TestEvents.append(first.app(), PER_INSTANCE));
        CompletableFuture<Void> appendsB =
            CompletableFuture.runAsync(() -> TestEvents.append(second.app(), PER_INSTANCE));
        appendsA.join();
        appendsB.join();

        LedgerAudit.Result audit = first.app().getBean(LedgerAudit.class).run();
        assertThat(audit.findings()).isEmpty();
        assertThat(audit.treeSize()).isEqualTo(2 + 2 * PER_INSTANCE);
        assertThat(first.app().getBean(KeyRegistry.class).all()).hasSize(2);

        // A token minted for the shared data directory works on either instance.
        String token = first.token("user:auditor", Role.AUDITOR);
        HttpResponse<String> check = second.get("/api/audit/ledger-check", Optional.of(token));
        assertThat(check.statusCode()).isEqualTo(200);
        assertThat(check.body()).contains("\"passed\":true");
      }
    }
  }
}
