package dev.cabledger.server.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestDecisions;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/cab/verify/{changeRequestId}} over real HTTP, on both databases, with the
 * article's challenge: approve, verify, change the entry's bytes in the database as an intruder
 * would, verify again; change only a projection column, verify again.
 */
class VerificationControllerTest {
  private static final String CLIENT = "acme";
  private static final Caller ALICE = TestDecisions.approver("user:alice");
  private static final Caller BOB = TestDecisions.approver("user:bob");

  static String submit(TestService service, String risk) {
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), risk);
    return id;
  }

  static JsonNode verify(TestService service, String changeId) {
    return TestApi.json(TestApi.get(service, "/api/cab/verify/" + changeId));
  }

  static HttpResponse<String> gate(TestService service, String changeId) {
    return gate(service, changeId, TestDecisions.history(service, changeId).planHash().hex());
  }

  static HttpResponse<String> gate(TestService service, String changeId, String plan) {
    return service.get(
        "/api/gate?change=" + changeId + "&planHash=" + plan,
        Optional.of(TestWorkflow.requester(service, "user:deployer", CLIENT)));
  }

  static List<String> codes(JsonNode gateAnswer) {
    List<String> codes = new ArrayList<>();
    gateAnswer.get("reasons").forEach(r -> codes.add(r.get("code").asString()));
    return codes;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verify_articlesChallenge_tamperedEntryDetectedAndProjectionMismatchNamed(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      String tampered = submit(service, "low");
      TestDecisions.approve(service, tampered, ALICE);
      String relabelled = submit(service, "low");
      UUID relabelledApproval = TestDecisions.approve(service, relabelled, ALICE);

      // 1. Approve, verify: signatureValid.
      JsonNode intact = verify(service, tampered);
      assertThat(intact.get("changeRequestId").asString()).isEqualTo(tampered);
      assertThat(intact.get("signatureValid").asBoolean()).isTrue();
      assertThat(intact.get("tampered").asBoolean()).isFalse();
      assertThat(intact.get("algorithm").asString()).isEqualTo("ML-DSA-65");
      assertThat(intact.get("approvedBy").asString()).isEqualTo("user:alice");
      JsonNode decision = intact.get("decisions").get(0);
      assertThat(intact.get("approvedAt").asString())
          .isEqualTo(decision.get("decidedAt").asString());
      assertThat(decision.get("approver").asString()).isEqualTo("user:alice");
      assertThat(decision.get("signatureValid").asBoolean()).isTrue();
      assertThat(decision.get("includedInLog").asBoolean()).isTrue();
      assertThat(decision.get("projectionMatches").asBoolean()).isTrue();
      assertThat(TestApi.json(gate(service, tampered)).get("decision").asString())
          .isEqualTo("APPROVED");

      // 2. The intruder rewrites the approval entry's payload to name someone else.
      db.dropAppendOnlyTriggers();
      long index = decision.get("entryIndex").asLong();
      rewritePayload(db.jdbc(), index, "user:alice", "user:mallory");

      JsonNode after = verify(service, tampered);
      assertThat(after.get("signatureValid").asBoolean()).isFalse();
      assertThat(after.get("tampered").asBoolean()).isTrue();
      assertThat(after.has("approvedBy")).as("no approval counts any more").isFalse();
      JsonNode changed = after.get("decisions").get(0);
      assertThat(changed.get("entryIndex").asLong()).isEqualTo(index);
      assertThat(changed.get("approver").asString())
          .as("what the bytes now say, flagged as not verifying")
          .isEqualTo("user:mallory");
      assertThat(changed.get("signatureValid").asBoolean()).isFalse();
      assertThat(changed.get("includedInLog").asBoolean()).isFalse();
      assertThat(changed.get("projectionMismatches"))
          .extracting(JsonNode::asString)
          .contains("approver");
      assertThat(after.get("problems").get(0).asString()).contains("entry " + index);

      // 3. The gate now blocks: the entry neither verifies nor is the leaf the log covers.
      JsonNode blocked = TestApi.json(gate(service, tampered));
      assertThat(blocked.get("decision").asString()).isEqualTo("BLOCKED");
      assertThat(codes(blocked)).containsAnyOf("not-in-log", "signature-invalid");
      assertThat(codes(blocked)).contains("missing-quorum");
      assertThat(blocked.get("approvals")).isEmpty();

      // 4. Only the projection's approver column changes: the signed approver still shows.
      dropApprovalTriggers(db);
      db.jdbc()
          .update(
              "UPDATE approval SET approver = 'user:mallory' WHERE approval_id = ?",
              relabelledApproval.toString());
      JsonNode mismatch = verify(service, relabelled);
      assertThat(mismatch.get("signatureValid").asBoolean()).isTrue();
      assertThat(mismatch.get("tampered").asBoolean()).isFalse();
      assertThat(mismatch.get("projectionMatches").asBoolean()).isFalse();
      assertThat(mismatch.get("approvedBy").asString()).isEqualTo("user:alice");
      JsonNode row = mismatch.get("decisions").get(0);
      assertThat(row.get("approver").asString()).isEqualTo("user:alice");
      assertThat(row.get("projectionMatches").asBoolean()).isFalse();
      assertThat(row.get("projectionMismatches"))
          .extracting(JsonNode::asString)
          .containsExactly("approver");
      assertThat(row.get("problems").get(0).asString())
          .contains("user:mallory")
          .contains("user:alice");
      assertThat(TestApi.json(gate(service, relabelled)).get("decision").asString())
          .as("the gate reads no projection")
          .isEqualTo("APPROVED");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verify_entryBytesNoLongerAStatement_tamperedAndTheGateNeverApproves(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      String changeId = submit(service, "low");
      TestDecisions.approve(service, changeId, ALICE);
      String plan = TestDecisions.history(service, changeId).planHash().hex();
      long index = verify(service, changeId).get("decisions").get(0).get("entryIndex").asLong();
      long before = TestWorkflow.treeSize(service);

      db.dropAppendOnlyTriggers();
      db.jdbc()
          .update(
              "UPDATE ledger_entry SET entry = ? WHERE idx = ?",
              "{\"not\":\"an envelope\"}".getBytes(StandardCharsets.UTF_8),
              index);

      JsonNode after = verify(service, changeId);
      assertThat(after.get("signatureValid").asBoolean()).isFalse();
      assertThat(after.get("tampered").asBoolean()).isTrue();
      JsonNode broken = after.get("decisions").get(0);
      assertThat(broken.get("eventType").asString()).isEqualTo("CAB_APPROVED");
      assertThat(broken.has("approver")).isFalse();
      assertThat(broken.get("signatureValid").asBoolean()).isFalse();
      assertThat(broken.get("projectionMatches").asBoolean()).isFalse();
      // The entry no longer verifies: the gate blocks, names the entry, and logs its answer.
      HttpResponse<String> answer = gate(service, changeId, plan);
      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode blocked = TestApi.json(answer);
      assertThat(blocked.get("decision").asString()).isEqualTo("BLOCKED");
      assertThat(blocked.get("reasons").get(0).get("code").asString()).isEqualTo("not-in-log");
      assertThat(blocked.get("reasons").get(0).get("text").asString())
          .contains("entry " + index + " of change " + changeId);
      assertThat(TestWorkflow.treeSize(service)).isEqualTo(before + 1);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verify_decisionsOfEveryKind_readFromTheirSignedEntries(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = submit(service, "low");
    UUID conditional =
        TestDecisions.approval(changeId, ALICE)
            .environments("production")
            .condition("apply after 18:00")
            .record(service);
    UUID denial = TestDecisions.deny(service, changeId, BOB, Optional.empty());
    UUID exception =
        TestDecisions.exceptScan(
            service, changeId, TestDecisions.person("user:sec", Role.SECURITY_REVIEWER));
    UUID revoked = TestDecisions.approve(service, changeId, TestDecisions.approver("user:carol"));
    TestDecisions.revoke(
        service, changeId, revoked, TestDecisions.person("user:admin", Role.PLATFORM_ADMIN));

    JsonNode answer = verify(service, changeId);

    assertThat(answer.get("signatureValid").asBoolean()).isTrue();
    assertThat(answer.get("tampered").asBoolean()).isFalse();
    assertThat(answer.get("projectionMatches").asBoolean()).isTrue();
    assertThat(answer.get("problems")).isEmpty();
    assertThat(answer.get("entries").asInt()).isEqualTo(7);
    assertThat(answer.get("approvedBy").asString()).isEqualTo("user:alice");
    JsonNode d = answer.get("decisions");
    assertThat(d).hasSize(4);
    assertDecision(d.get(0), conditional, "CAB_APPROVED", "user:alice", "conditional", "counts");
    assertDecision(d.get(1), denial, "CAB_REJECTED", "user:bob", "denied", "denies");
    assertDecision(d.get(2), exception, "EXCEPTION_APPROVED", "user:sec", "approved", null);
    assertDecision(d.get(3), revoked, "CAB_APPROVED", "user:carol", "approved", "revoked");
    assertThat(d.get(0).has("expiresAt")).isTrue();
    assertThat(d.get(1).has("expiresAt")).isFalse();
    JsonNode checkpoint = answer.get("checkpoint");
    assertThat(TestApi.verifiedCheckpoint(service, checkpoint.get("note").asString()).size())
        .isEqualTo(checkpoint.get("size").asLong())
        .isGreaterThan(d.get(3).get("entryIndex").asLong());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verify_noApprovalYet_intactWithoutApprovedBy(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = submit(service, "high");

    JsonNode answer = verify(service, changeId);

    assertThat(answer.get("signatureValid").asBoolean()).isTrue();
    assertThat(answer.get("tampered").asBoolean()).isFalse();
    assertThat(answer.has("approvedBy")).isFalse();
    assertThat(answer.has("approvedAt")).isFalse();
    assertThat(answer.get("decisions")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verify_otherTenantsChange_sameProblemAsMissing(Backend backend) {
    TestService service = TestService.shared(backend);
    String changeId = submit(service, "low");
    String globex = service.token("user:g", Set.of(Role.AUDITOR), Set.of("globex"), false);

    HttpResponse<String> hidden = service.get("/api/cab/verify/" + changeId, Optional.of(globex));
    HttpResponse<String> missing =
        service.get("/api/cab/verify/CR-nope-" + changeId, Optional.of(globex));

    TestApi.assertProblem(hidden, 404, "not-found");
    TestApi.assertProblem(missing, 404, "not-found");
    assertThat(hidden.body().replace(changeId, "X"))
        .isEqualTo(missing.body().replace("CR-nope-" + changeId, "X"));
  }

  private static void assertDecision(
      JsonNode d, UUID id, String type, String approver, String status, String standing) {
    assertThat(d.get("approvalId").asString()).isEqualTo(id.toString());
    assertThat(d.get("eventType").asString()).isEqualTo(type);
    assertThat(d.get("approver").asString()).isEqualTo(approver);
    assertThat(d.get("status").asString()).isEqualTo(status);
    if (standing == null) {
      assertThat(d.has("standing")).isFalse();
    } else {
      assertThat(d.get("standing").asString()).isEqualTo(standing);
    }
    assertThat(d.get("signatureValid").asBoolean()).isTrue();
    assertThat(d.get("includedInLog").asBoolean()).isTrue();
    assertThat(d.get("projectionMatches").asBoolean()).as(d.toString()).isTrue();
    assertThat(d.get("projectionMismatches")).isEmpty();
    assertThat(d.get("problems")).isEmpty();
  }

  /** Rewrites the statement inside an entry, keeping its signatures, as a row editor would. */
  private static void rewritePayload(JdbcTemplate jdbc, long index, String from, String to) {
    byte[] bytes =
        jdbc.queryForObject("SELECT entry FROM ledger_entry WHERE idx = ?", byte[].class, index);
    Envelope envelope = Envelope.parse(bytes);
    String payload = new String(envelope.payload(), StandardCharsets.UTF_8);
    assertThat(payload).contains(from);
    Envelope forged =
        new Envelope(
            envelope.payloadType(),
            payload.replace(from, to).getBytes(StandardCharsets.UTF_8),
            envelope.signatures());
    jdbc.update("UPDATE ledger_entry SET entry = ? WHERE idx = ?", forged.canonicalBytes(), index);
  }

  private static void dropApprovalTriggers(TestDatabase db) {
    if (db.backend() == Backend.SQLITE) {
      db.jdbc().execute("DROP TRIGGER IF EXISTS approval_no_update");
    } else {
      db.jdbc().execute("DROP TRIGGER IF EXISTS approval_append_only ON approval");
    }
  }
}
