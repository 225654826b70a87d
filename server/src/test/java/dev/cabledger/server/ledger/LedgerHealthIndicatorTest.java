package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TcpProxy;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service while another client holds the append lock: appends fail cleanly or say their
 * outcome is unknown, {@code /actuator/health} shows the ledger DOWN, and everything recovers when
 * the lock is released, without a restart.
 */
class LedgerHealthIndicatorTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest
  @EnumSource(Backend.class)
  void health_lockHeldLongerThanTimeout_downThenUpWithoutRestart(Backend backend) throws Exception {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db, "cab.db-timeout=1s")) {
      String token = service.token("user:alice", Role.REQUESTER);
      List<Long> created = new ArrayList<>();
      created.add(created(post(service, token, Optional.empty())));
      assertThat(ledgerStatus(service)).isEqualTo("UP");

      AppendLockHolder holder = AppendLockHolder.take(db.url());
      try {
        for (int i = 0; i < 2; i++) {
          HttpResponse<String> refused = post(service, token, Optional.empty());
          assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
          assertThat(refused.body()).contains("/problems/ledger-unavailable");
        }
        HttpResponse<String> health = service.get("/actuator/health", Optional.empty());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(ledgerStatus(service)).isEqualTo("DOWN");
      } finally {
        holder.close();
      }
      awaitLedger(service, "UP");
      for (int i = 0; i < 3; i++) {
        created.add(created(post(service, token, Optional.empty())));
      }
      assertExactly(service, created);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_callerWaitEndsWhileLockHeld_outcomeUnknownThenRetryFindsIt(Backend backend)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service =
            TestService.start(db, "cab.db-timeout=20s", "cab.append-timeout=500ms")) {
      String token = service.token("user:alice", Role.REQUESTER);
      List<Long> created = new ArrayList<>();
      created.add(created(post(service, token, Optional.empty())));
      Optional<String> key = Optional.of(UUID.randomUUID().toString());

      AppendLockHolder holder = AppendLockHolder.take(db.url());
      try {
        HttpResponse<String> unknown = post(service, token, key);
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(503);
        assertThat(unknown.body())
            .contains("/problems/append-outcome-unknown")
            .doesNotContain("Nothing was recorded");
        HttpResponse<String> early = post(service, token, key);
        assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
      } finally {
        holder.close();
      }
      HttpResponse<String> retry = post(service, token, key);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (retry.statusCode() == 409 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        retry = post(service, token, key);
      }
      assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
      created.add(JSON.readTree(retry.body()).path("index").asLong());
      assertExactly(service, created);
    }
  }

  @Test
  void health_postgresUnreachable_readsAndWrites503ThenRecoversWithoutRestart() throws Exception {
    try (TestDatabase db = TestDatabase.create(Backend.POSTGRESQL)) {
      URI server = URI.create(db.url().substring("jdbc:".length()));
      try (TcpProxy proxy =
              TcpProxy.to(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
          TestService service =
              TestService.start(
                  db,
                  "cab.db-url="
                      + db.url().replace(server.getAuthority(), "127.0.0.1:" + proxy.port()),
                  "cab.db-timeout=1s")) {
        String token = service.token("user:alice", Role.REQUESTER);
        List<Long> created = new ArrayList<>();
        created.add(created(post(service, token, Optional.empty())));

        proxy.cut();
        HttpResponse<String> read = service.get("/api/ledger/checkpoint", Optional.empty());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
        assertThat(read.body()).contains("/problems/storage-unavailable");
        assertThat(read.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> write = post(service, token, Optional.empty());
        assertThat(write.statusCode()).as(write.body()).isEqualTo(503);
        assertThat(write.body()).contains("Nothing was recorded");
        awaitLedger(service, "DOWN");

        proxy.restore();
        awaitLedger(service, "UP");
        assertThat(service.get("/api/ledger/checkpoint", Optional.empty()).statusCode())
            .isEqualTo(200);
        created.add(created(post(service, token, Optional.empty())));
        assertExactly(service, created);
      }
    }
  }

  /**
   * Every 201 (or replayed receipt) is in the log at its index, nothing else, and the check passes.
   */
  private static void assertExactly(TestService service, List<Long> indexes) {
    LedgerAudit.Result audit = service.app().getBean(LedgerAudit.class).run();
    assertThat(audit.findings()).isEmpty();
    // The log begins with the service's two key registrations.
    long keys = audit.treeSize() - indexes.size();
    assertThat(keys).isEqualTo(2);
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < indexes.size(); i++) {
      expected.add(keys + i);
    }
    assertThat(indexes).containsExactlyElementsOf(expected);
  }

  private static long created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).path("index").asLong();
  }

  private static HttpResponse<String> post(
      TestService service, String token, Optional<String> idempotencyKey) {
    HttpRequest.Builder request =
        service
            .request("/api/ledger/events", Optional.of(token))
            .header("Content-Type", "application/json");
    idempotencyKey.ifPresent(k -> request.header("Idempotency-Key", k));
    return service.send(
        request
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"subject\":\"CR-9\",\"planHash\":\""
                        + "0f".repeat(32)
                        + "\",\"eventType\":\"PIPELINE_NOTE\",\"eventData\":{\"client\":\"acme\",\"note\":{}}}"))
            .build());
  }

  static String ledgerStatus(TestService service) {
    HttpResponse<String> health = service.get("/actuator/health", Optional.empty());
    return JSON.readTree(health.body()).path("components").path("ledger").path("status").asString();
  }

  static void awaitLedger(TestService service, String status) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!ledgerStatus(service).equals(status) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(ledgerStatus(service)).isEqualTo(status);
  }
}
