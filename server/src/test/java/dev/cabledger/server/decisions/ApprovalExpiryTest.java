package dev.cabledger.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Expiry with two service instances on one database, each running the expiry job every 200 ms:
 * every due approval (CAB or exception) gets exactly one {@code APPROVAL_EXPIRED}, and approvals
 * that ended otherwise or are not due get none.
 */
class ApprovalExpiryTest {
  private static final String INTERVAL = "cab.workflow.expiry-interval=200ms";

  @ParameterizedTest
  @EnumSource(Backend.class)
  void twoInstances_approvalsPastExpiry_eachExpiredExactlyOnce(Backend backend) throws Exception {
    try (TestDatabase db = TestDatabase.create(backend)) {
      CompletableFuture<TestService> a =
          CompletableFuture.supplyAsync(() -> TestService.start(db, INTERVAL));
      if (backend == Backend.SQLITE) {
        a.join(); // SQLite's first migration is not safe from two processes at once
      }
      CompletableFuture<TestService> b =
          CompletableFuture.supplyAsync(() -> TestService.start(db, INTERVAL));
      try (TestService first = a.join();
          TestService second = b.join()) {
        String expires = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.MILLIS).toString();
        String shortLived =
            """
            {"decision": "approve", "justification": "short", "expiresAt": "%s"}
            """
                .formatted(expires);
        // Due: CAB approvals made on either instance, and an exception approval.
        List<String> due = new ArrayList<>();
        List<String> dueChanges = new ArrayList<>();
        for (TestService s : List.of(first, second, first, second)) {
          String id = DecisionControllerTest.newChange(s, "low");
          dueChanges.add(id);
          due.add(decide(s, id, "user:cab1", shortLived).get("approvalId").asString());
        }
        String exceptionChange = DecisionControllerTest.newChange(first, "low");
        UUID exceptionApproval = UUID.randomUUID();
        RevocationControllerTest.exceptionApproved(
            first,
            exceptionChange,
            UUID.randomUUID(),
            exceptionApproval,
            Optional.of(Instant.parse(expires)));
        due.add(exceptionApproval.toString());
        // Not due: revoked first, superseded first, and one with the default validity.
        String revokedChange = DecisionControllerTest.newChange(second, "low");
        String revoked =
            decide(second, revokedChange, "user:cab1", shortLived).get("approvalId").asString();
        assertThat(
                RevocationControllerTest.revoke(second, revoked, "{\"reason\": \"incident\"}")
                    .statusCode())
            .isEqualTo(201);
        String supersededChange = DecisionControllerTest.newChange(first, "low");
        String superseded =
            decide(first, supersededChange, "user:cab1", shortLived).get("approvalId").asString();
        decide(
            first,
            supersededChange,
            "user:cab1",
            """
            {"decision": "approve", "justification": "longer", "supersedes": "%s"}
            """
                .formatted(superseded));
        String lasting = DecisionControllerTest.newChange(second, "low");
        TestWorkflow.approve(second, lasting, "user:cab1");

        awaitEnded(db, due, Duration.ofSeconds(60));
        Thread.sleep(Duration.ofMillis(1_500)); // several more runs of both jobs

        Map<String, Long> expired = expiredEntries(db);
        for (String approval : due) {
          assertThat(expired.get(approval)).as("APPROVAL_EXPIRED of " + approval).isEqualTo(1);
        }
        assertThat(expired).doesNotContainKeys(revoked, superseded);
        assertThat(expired).hasSize(due.size());

        for (String id : dueChanges) {
          JsonNode change = TestApi.json(TestApi.get(first, "/api/changes/" + id));
          assertThat(change.get("status").asString()).isEqualTo("pending");
          assertThat(change.get("decisions").get(0).get("standing").asString())
              .isEqualTo("expired");
          assertThat(change.get("missing"))
              .extracting(m -> m.get("code").asString())
              .contains("expired");
          JsonNode last = change.get("entries").get(change.get("entries").size() - 1);
          assertThat(last.get("eventType").asString()).isEqualTo("APPROVAL_EXPIRED");
          assertThat(last.get("actor").asString()).isEqualTo("system:cab-ledger");
        }
        JsonNode exception = TestApi.json(TestApi.get(second, "/api/changes/" + exceptionChange));
        assertThat(exception.get("exceptions").get(0).get("state").asString()).isEqualTo("expired");
        JsonNode stillApproved = TestApi.json(TestApi.get(second, "/api/changes/" + lasting));
        assertThat(stillApproved.get("status").asString()).isEqualTo("approved");
        JsonNode listed = TestApi.json(TestApi.get(first, "/api/approvals?status=expired"));
        assertThat(listed.get("approvals"))
            .extracting(x -> x.get("approvalId").asString())
            .containsExactlyInAnyOrderElementsOf(due);

        LedgerAudit.Result audit = first.app().getBean(LedgerAudit.class).run();
        assertThat(audit.findings()).isEmpty();
      }
    }
  }

  private static JsonNode decide(TestService service, String changeId, String user, String body) {
    return DecisionControllerTest.created(
        TestWorkflow.decide(service, changeId, user, Role.CAB_APPROVER, body));
  }

  /** Waits until every approval has an end, or fails after {@code limit}. */
  private static void awaitEnded(TestDatabase db, List<String> approvals, Duration limit)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      Integer ended =
          db.jdbc()
              .queryForObject(
                  "SELECT COUNT(*) FROM approval_end WHERE approval_id IN ("
                      + String.join(", ", approvals.stream().map(x -> "?").toList())
                      + ")",
                  Integer.class,
                  approvals.toArray());
      if (ended != null && ended == approvals.size()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not every approval expired within " + limit);
  }

  /** How many APPROVAL_EXPIRED entries the log holds for each approval, read from the entries. */
  private static Map<String, Long> expiredEntries(TestDatabase db) {
    List<byte[]> entries =
        db.jdbc()
            .query(
                "SELECT e.entry FROM change_entry c JOIN ledger_entry e ON e.idx = c.entry_idx"
                    + " WHERE c.event_type = 'APPROVAL_EXPIRED'",
                (rs, n) -> rs.getBytes(1));
    return entries.stream()
        .map(
            bytes ->
                dev.cabledger.core.dsse.Statement.parse(
                        dev.cabledger.core.dsse.Envelope.parse(bytes).payload())
                    .predicate()
                    .data()
                    .toJson()
                    .get("approval_id")
                    .asString())
        .collect(
            java.util.stream.Collectors.groupingBy(x -> x, java.util.stream.Collectors.counting()));
  }
}
