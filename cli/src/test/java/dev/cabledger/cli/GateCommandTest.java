package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.server.TestDecisions;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.storage.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/** {@code cab-ledger gate} against a real running service: exit 0 approved, 1 blocked, 2 error. */
class GateCommandTest {
  private static final String CLIENT = "acme";

  @TempDir Path dir;

  /** A plan file with fresh content; returns its path. */
  private Path planFile(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "terraform plan " + UUID.randomUUID() + "\n");
    return file;
  }

  /** Submits a change for the plan file, approved by alice; returns its id. */
  private static String approvedChange(TestService service, Path plan) throws IOException {
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, Digest.sha256(Files.readAllBytes(plan)).hex(), "low");
    TestDecisions.approve(service, id, TestDecisions.approver("user:alice"));
    return id;
  }

  private static String token(TestService service) {
    return TestWorkflow.requester(service, "user:deployer", CLIENT);
  }

  private static List<String> args(TestService service, String change, Path plan, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "gate",
                "--server",
                service.uri("/").toString(),
                "--change",
                change,
                "--plan",
                plan.toString()));
    args.addAll(List.of(more));
    return args;
  }

  /** Runs the command line in-process with these environment variables. */
  static VerifyCommandTest.Result run(Map<String, String> env, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = CabLedger.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    ((GateCommand) cmd.getSubcommands().get("gate").getCommand()).service.env = env::get;
    int code = cmd.execute(args.toArray(String[]::new));
    return new VerifyCommandTest.Result(code, out.toString(), err.toString());
  }

  static VerifyCommandTest.Result run(List<String> args) {
    return run(Map.of(), args);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_approvedPlan_exit0WithTheApproval(Backend backend) throws IOException {
    TestService service = TestService.shared(backend);
    Path plan = planFile("tfplan.bin");
    String change = approvedChange(service, plan);

    VerifyCommandTest.Result r = run(args(service, change, plan, "--token", token(service)));

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .startsWith(
            "APPROVED: change "
                + change
                + ", plan "
                + Digest.sha256(Files.readAllBytes(plan)).hex()
                + ", environment production")
        .contains("approved by user:alice (CAB_APPROVER)")
        .contains("logged as entry ");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_anotherPlanFile_exit1WithTheReason(Backend backend) throws IOException {
    TestService service = TestService.shared(backend);
    String change = approvedChange(service, planFile("approved.bin"));
    Path other = planFile("other.bin");

    VerifyCommandTest.Result r = run(args(service, change, other, "--token", token(service)));

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).startsWith("BLOCKED: change " + change).contains("  plan-hash-differs: ");
  }

  @Test
  void gate_anotherEnvironment_exit1EnvironmentNotAllowed() throws IOException {
    TestService service = TestService.shared(Backend.SQLITE);
    Path plan = planFile("tfplan.bin");
    String change = approvedChange(service, plan);

    VerifyCommandTest.Result r =
        run(args(service, change, plan, "--environment", "staging", "--token", token(service)));

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("environment staging").contains("environment-not-allowed: ");
  }

  @Test
  void gate_tokenFromCabToken_usedWhenNoOptionGiven() throws IOException {
    TestService service = TestService.shared(Backend.SQLITE);
    Path plan = planFile("tfplan.bin");
    String change = approvedChange(service, plan);

    VerifyCommandTest.Result r =
        run(Map.of("CAB_TOKEN", token(service)), args(service, change, plan));

    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void gate_noToken_exit2SayingHowToGiveOne() throws IOException {
    TestService service = TestService.shared(Backend.SQLITE);

    VerifyCommandTest.Result r = run(args(service, "CR-1", planFile("p")));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--token").contains("CAB_TOKEN");
  }

  @Test
  void gate_badToken_exit2WithTheProblem() throws IOException {
    TestService service = TestService.shared(Backend.SQLITE);
    Path plan = planFile("tfplan.bin");
    String change = approvedChange(service, plan);

    VerifyCommandTest.Result r = run(args(service, change, plan, "--token", token(service) + "x"));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("HTTP 401");
  }

  @Test
  void gate_unknownChange_exit2WithTheProblemsDetail() throws IOException {
    TestService service = TestService.shared(Backend.SQLITE);

    VerifyCommandTest.Result r =
        run(
            args(
                service, "CR-none-" + UUID.randomUUID(), planFile("p"), "--token", token(service)));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("HTTP 404").contains("no change request CR-none-");
  }

  @Test
  void gate_badEnvironment_exit2WithTheProblemsDetail() throws IOException {
    TestService service = TestService.shared(Backend.SQLITE);
    Path plan = planFile("tfplan.bin");
    String change = approvedChange(service, plan);

    VerifyCommandTest.Result r =
        run(args(service, change, plan, "--environment", " ", "--token", token(service)));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("HTTP 400").contains("environment must be");
  }

  @Test
  void gate_serverUnreachable_exit2() throws IOException {
    VerifyCommandTest.Result r =
        run(
            List.of(
                "gate",
                "--server",
                "http://127.0.0.1:1",
                "--change",
                "CR-1",
                "--plan",
                planFile("p").toString(),
                "--token",
                "t"));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("cannot reach http://127.0.0.1:1/api/gate");
  }

  @Test
  void gate_planFileMissing_exit2() {
    VerifyCommandTest.Result r =
        run(
            List.of(
                "gate",
                "--server",
                "http://127.0.0.1:1",
                "--change",
                "CR-1",
                "--plan",
                dir.resolve("absent.bin").toString(),
                "--token",
                "t"));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no such plan file");
  }

  @Test
  void gate_requiredOptionMissing_exit2() {
    VerifyCommandTest.Result r = run(List.of("gate", "--server", "http://127.0.0.1:1"));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--change").contains("--plan");
  }

  @Test
  void sha256_fileLargerThanTheBuffer_sameAsHashingItWhole() throws IOException {
    byte[] content = new byte[5 * 1024 * 1024 + 17];
    new Random(42).nextBytes(content);
    Path file = dir.resolve("big.bin");
    Files.write(file, content);

    assertThat(GateCommand.sha256(file)).isEqualTo(Digest.sha256(content).hex());
    Files.writeString(dir.resolve("empty"), "", StandardCharsets.UTF_8);
    assertThat(GateCommand.sha256(dir.resolve("empty")))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
