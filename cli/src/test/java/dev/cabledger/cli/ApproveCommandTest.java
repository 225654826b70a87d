package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.server.TestApproverKeys;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.storage.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * {@code cab-ledger approve} against a running service with the default policy (high and critical
 * approvals signed by the approver's own key): both steps, the confirmation, and the offline
 * verifier's check of what it signed.
 */
class ApproveCommandTest {
  private static final String CLIENT = "acme";
  private static final String ORIGIN = "test.cab-ledger.local/approve";

  private static TestService start(TestDatabase db) {
    return TestService.start(
        db,
        "cab.origin=" + ORIGIN,
        "cab.workflow.expiry-interval=24h",
        "cab.workflow.require-approver-signature=high,critical");
  }

  /** Runs the command line in-process with these environment variables and terminal answers. */
  private static VerifyCommandTest.Result run(
      Map<String, String> env, Function<String, Optional<String>> terminal, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = CabLedger.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    ApproveCommand approve = (ApproveCommand) cmd.getSubcommands().get("approve").getCommand();
    approve.service.env = env::get;
    approve.ask = terminal;
    int code = cmd.execute(args.toArray(String[]::new));
    return new VerifyCommandTest.Result(code, out.toString(), err.toString());
  }

  /**
   * An approver with a registered key pair in {@code dir} ({@code NAME.pem}, {@code NAME.pub.pem}).
   */
  private static Path enrolled(TestService service, Path dir, String user) {
    String name = "key-" + UUID.randomUUID().toString().substring(0, 8);
    VerifyCommandTest.Result generated =
        VerifyCommandTest.run("keys", "generate", "--out", dir.toString(), "--name", name);
    assertThat(generated.code()).as(generated.err()).isZero();
    Path key = dir.resolve(name + ".pem");
    VerifyCommandTest.Result enrolled =
        VerifyCommandTest.run(
            "keys",
            "enrol",
            "--server",
            service.uri("/").toString(),
            "--key",
            key.toString(),
            "--token",
            service.token(user, Role.CAB_APPROVER));
    assertThat(enrolled.code()).as(enrolled.err()).isZero();
    String id = enrolled.out().split("\\s+")[1];
    HttpResponse<String> approved = TestApproverKeys.approve(service, TestApproverKeys.ADMIN, id);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
    return key;
  }

  private static List<String> approve(
      TestService service, Path key, String change, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "approve",
                "--server",
                service.uri("/").toString(),
                "--key",
                key.toString(),
                "--change",
                change,
                "--decision",
                "approve",
                "--justification",
                "Rollback tested in staging"));
    args.addAll(List.of(more));
    return args;
  }

  private static String token(TestService service, String user) {
    return TestWorkflow.decider(service, user, Role.CAB_APPROVER);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_twoApproversConfirmOnTheTerminal_theGateApprovesAndVerifyChecksTheSignatures(
      Backend backend, @TempDir Path dir) throws IOException {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = start(db)) {
      Path plan = db.dataDir().resolve("tfplan.bin");
      Files.writeString(plan, "terraform plan " + UUID.randomUUID() + "\n");
      String change = TestWorkflow.newChangeId();
      TestWorkflow.submit(
          service, change, CLIENT, Digest.sha256(Files.readAllBytes(plan)).hex(), "high");
      List<String> asked = new ArrayList<>();
      long index = -1;
      for (String user : List.of("user:alice", "user:bob")) {
        Path key = enrolled(service, dir, user);
        VerifyCommandTest.Result r =
            run(
                Map.of("CAB_TOKEN", token(service, user)),
                q -> {
                  asked.add(q);
                  return Optional.of("y");
                },
                approve(service, key, change));

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
            .contains("change        " + change + "  Resize the database")
            .contains("risk          high")
            .contains("decision      approve")
            .contains("justification Rollback tested in staging")
            .contains("recorded: decision ");
        index = Long.parseLong(r.out().replaceAll("(?s).* as entry (\\d+) .*", "$1"));
      }
      assertThat(asked).hasSize(2).allSatisfy(q -> assertThat(q).startsWith("Sign this decision"));
      Envelope last = Envelope.parse(service.app().getBean(LogReader.class).entry(index).bytes());
      assertThat(last.signatures()).hasSize(2);
      VerifyCommandTest.Result gate =
          GateCommandTest.run(
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
      assertThat(gate.code()).as(gate.out() + gate.err()).isZero();

      VerifyCommandTest.Result verified =
          VerifyCommandTest.run(
              "verify", "--trust", trustFile(db).toString(), export(service, db).toString());

      assertThat(verified.code()).as(verified.out()).isZero();
      assertThat(verified.out())
          .startsWith("VERIFIED: ")
          .contains("GATE VERDICTS: 1 logged, 1 re-derived (1 matched, 0 mismatched)");
    }
  }

  @Test
  void approve_answeredNo_exit1AndNothingRecorded(@TempDir Path dir) {
    TestService service = TestService.shared(Backend.SQLITE);
    String user = "user:cli-" + UUID.randomUUID().toString().substring(0, 8);
    Path key = enrolled(service, dir, user);
    String change = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, change, CLIENT, TestWorkflow.newPlanHash(), "high");
    long before = TestWorkflow.treeSize(service);

    VerifyCommandTest.Result r =
        run(
            Map.of("CAB_TOKEN", token(service, user)),
            q -> Optional.of("n"),
            approve(service, key, change));

    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("not signed; nothing was recorded");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @Test
  void approve_noTerminalAndNoYes_exit2AndNothingRecorded(@TempDir Path dir) {
    TestService service = TestService.shared(Backend.SQLITE);
    String user = "user:cli-" + UUID.randomUUID().toString().substring(0, 8);
    Path key = enrolled(service, dir, user);
    String change = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, change, CLIENT, TestWorkflow.newPlanHash(), "high");
    long before = TestWorkflow.treeSize(service);

    VerifyCommandTest.Result r =
        run(
            Map.of("CAB_TOKEN", token(service, user)),
            q -> Optional.empty(),
            approve(service, key, change));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no terminal to confirm on: pass --yes");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @Test
  void approve_conditionalWithYes_signsWithoutAsking(@TempDir Path dir) {
    TestService service = TestService.shared(Backend.SQLITE);
    String user = "user:cli-" + UUID.randomUUID().toString().substring(0, 8);
    Path key = enrolled(service, dir, user);
    String change = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, change, CLIENT, TestWorkflow.newPlanHash(), "high");
    List<String> args = approve(service, key, change, "--yes", "--condition", "Sunday window");
    args.set(args.indexOf("--decision") + 1, "conditional");

    VerifyCommandTest.Result r =
        run(
            Map.of("CAB_TOKEN", token(service, user)),
            q -> {
              throw new AssertionError("asked despite --yes: " + q);
            },
            args);

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("decision      conditional")
        .contains("condition     Sunday window");
  }

  @Test
  void approve_noToken_exit2SayingHowToGiveOne(@TempDir Path dir) {
    TestService service = TestService.shared(Backend.SQLITE);
    Path key = enrolled(service, dir, "user:cli-" + UUID.randomUUID().toString().substring(0, 8));

    VerifyCommandTest.Result r =
        run(Map.of(), q -> Optional.of("y"), approve(service, key, TestWorkflow.newChangeId()));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no token: pass --token or set CAB_TOKEN");
  }

  @Test
  void approve_keyNotEnrolled_exit2WithTheProblemAndNothingRecorded(@TempDir Path dir) {
    TestService service = TestService.shared(Backend.SQLITE);
    VerifyCommandTest.Result generated =
        VerifyCommandTest.run("keys", "generate", "--out", dir.toString(), "--name", "stray");
    assertThat(generated.code()).isZero();
    String change = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, change, CLIENT, TestWorkflow.newPlanHash(), "high");
    long before = TestWorkflow.treeSize(service);

    VerifyCommandTest.Result r =
        run(
            Map.of("CAB_TOKEN", token(service, "user:stray")),
            q -> Optional.of("y"),
            approve(service, dir.resolve("stray.pem"), change, "--yes"));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("HTTP 403").contains("is not registered");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
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
}
