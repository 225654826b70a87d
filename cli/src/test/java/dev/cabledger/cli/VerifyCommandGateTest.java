package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestDecisions;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.storage.Backend;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code cab-ledger verify} re-derives the gate's verdicts from a bundle exported by a real
 * service: the workflow's honest answers match, and an approval that an insider holding the service
 * key logged for a change that lacks its quorum is a finding naming the entry.
 */
class VerifyCommandGateTest {
  private static final String CLIENT = "acme";
  private static final String ORIGIN = "test.cab-ledger.local/gates";

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verify_workflowOnARealService_reDerivesEveryGateVerdict(Backend backend) throws IOException {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = start(db)) {
      Path plan = planFile(db, "tfplan.bin");
      String change = TestWorkflow.newChangeId();
      TestWorkflow.submit(service, change, CLIENT, sha256(plan), "high");
      VerifyCommandTest.Result early = gate(service, change, plan);
      TestWorkflow.approve(service, change, "user:alice");
      TestWorkflow.approve(service, change, "user:bob");
      VerifyCommandTest.Result approved = gate(service, change, plan);

      VerifyCommandTest.Result verified =
          VerifyCommandTest.run(
              "verify", "--trust", trustFile(db).toString(), export(service, db).toString());

      assertThat(early.code()).as(early.out()).isEqualTo(1);
      assertThat(early.out()).contains("missing-quorum: ");
      assertThat(approved.code()).as(approved.out() + approved.err()).isZero();
      assertThat(verified.code()).as(verified.out()).isZero();
      assertThat(verified.out())
          .startsWith("VERIFIED: ")
          .contains(
              "GATE VERDICTS: 2 logged, 2 re-derived (2 matched, 0 mismatched),"
                  + " 0 not re-derivable");
      assertThat(service.app().getBean(LedgerAudit.class).run().findings()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verify_approvedForAChangeLackingQuorumSignedByAnInsider_isAMismatch(Backend backend)
      throws IOException {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = start(db)) {
      Path plan = planFile(db, "tfplan.bin");
      String change = TestWorkflow.newChangeId();
      TestWorkflow.submit(service, change, CLIENT, sha256(plan), "high");
      TestWorkflow.approve(service, change, "user:alice");
      VerifyCommandTest.Result honest = gate(service, change, plan);
      // The insider holds the service key: the false answer is signed and logged as the gate
      // logs its own, under the client's real policy, so every signature and proof verifies.
      long forged = insiderApproves(service, change, sha256(plan)).receipt().index();

      VerifyCommandTest.Result verified =
          VerifyCommandTest.run(
              "verify", "--trust", trustFile(db).toString(), export(service, db).toString());

      assertThat(honest.code()).as(honest.out()).isEqualTo(1);
      assertThat(verified.code()).as(verified.out()).isEqualTo(1);
      assertThat(verified.out())
          .startsWith("FAILED: 1 finding(s)")
          .contains(
              "  entry "
                  + forged
                  + ": the gate's verdict for change "
                  + change
                  + " does not re-derive: recorded approved, re-derived blocked (missing-quorum)")
          .contains(
              "GATE VERDICTS: 2 logged, 2 re-derived (1 matched, 1 mismatched),"
                  + " 0 not re-derivable");
      List<Finding> serverSide = service.app().getBean(LedgerAudit.class).run().findings();
      assertThat(serverSide)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.entryIndex()).hasValue(forged);
                assertThat(f.message()).contains("recorded approved, re-derived blocked");
              });
    }
  }

  private static TestService start(TestDatabase db) {
    return TestService.start(db, "cab.origin=" + ORIGIN, "cab.workflow.expiry-interval=24h");
  }

  /** A GATE_EVALUATED saying approved, written through the service's own signing path. */
  private static Recorded insiderApproves(TestService service, String change, String planHash) {
    ClientId client = new ClientId(CLIENT);
    Caller insider = TestDecisions.person("user:insider", Role.REQUESTER);
    GateEvaluated lie =
        new GateEvaluated(
            client,
            Digest.fromHex(planHash),
            "production",
            GateVerdict.APPROVED,
            List.of(),
            Optional.of(service.app().getBean(ChangeRecords.class).policyFor(client).applied()));
    return service
        .app()
        .getBean(ChangeWriter.class)
        .record(
            ChangeRecords.statement(change, lie, insider),
            EntryProjection.NONE,
            Optional.empty(),
            insider,
            Map.of());
  }

  private static VerifyCommandTest.Result gate(TestService service, String change, Path plan) {
    return GateCommandTest.run(
        List.of(
            "gate",
            "--server",
            service.uri("/").toString(),
            "--change",
            change,
            "--plan",
            plan.toString(),
            "--token",
            TestWorkflow.requester(service, "user:deployer", CLIENT)));
  }

  /** The whole log as an auditor downloads it. */
  private static Path export(TestService service, TestDatabase db) throws IOException {
    HttpResponse<byte[]> response =
        service.sendForBytes(
            service
                .request(
                    "/api/audit/bundle", Optional.of(service.token("user:audrey", Role.AUDITOR)))
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    Path bundle = db.dataDir().resolve("bundle-" + UUID.randomUUID() + ".json");
    Files.write(bundle, response.body());
    return bundle;
  }

  /** The auditor's trust root, printed on the service's host. */
  private static Path trustFile(TestDatabase db) throws IOException {
    VerifyCommandTest.Result printed =
        VerifyCommandTest.run(
            "keys",
            "trust-file",
            "--keys-dir",
            db.dataDir().resolve("keys").toString(),
            "--origin",
            ORIGIN);
    assertThat(printed.code()).as(printed.err()).isZero();
    Path trust = db.dataDir().resolve("log-trust.json");
    Files.writeString(trust, printed.out());
    return trust;
  }

  private static Path planFile(TestDatabase db, String name) throws IOException {
    Path file = db.dataDir().resolve(name);
    Files.writeString(file, "terraform plan " + UUID.randomUUID() + "\n");
    return file;
  }

  private static String sha256(Path file) throws IOException {
    return Digest.sha256(Files.readAllBytes(file)).hex();
  }
}
