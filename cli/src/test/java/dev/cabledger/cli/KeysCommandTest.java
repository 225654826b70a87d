package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestApproverKeys;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.signing.ServiceKeys;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/** {@code cab-ledger keys}: show, generate, enrol and rotate against a real log. */
class KeysCommandTest {

  @Test
  void generate_newDirectory_writesAPairThatShowLists(@TempDir Path dir) {
    VerifyCommandTest.Result generated =
        VerifyCommandTest.run("keys", "generate", "--out", dir.toString(), "--name", "alice");
    assertThat(generated.code()).as(generated.err()).isZero();
    String keyId = generated.out().strip().split("\\s+")[0];
    assertThat(dir.resolve("alice.pem")).exists();

    VerifyCommandTest.Result shown =
        VerifyCommandTest.run("keys", "show", "--keys-dir", dir.toString());
    assertThat(shown.code()).isZero();
    assertThat(shown.out()).contains(keyId).contains("alice.pub.pem");

    VerifyCommandTest.Result again =
        VerifyCommandTest.run("keys", "generate", "--out", dir.toString(), "--name", "alice");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("refusing to overwrite");
  }

  @Test
  void rotate_afterBothKeysWereLost_registersNewKeysAndTheServiceStartsAgain() throws IOException {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE)) {
      try (TestService first = TestService.start(db)) {
        assertThat(first.app().getBean(KeyRegistry.class).all()).hasSize(2);
      }
      Path keys = db.dataDir().resolve("keys");
      for (String file :
          List.of("log-key.pem", "log-key.pub.pem", "service-key.pem", "service-key.pub.pem")) {
        Files.delete(keys.resolve(file));
      }

      VerifyCommandTest.Result rotated =
          VerifyCommandTest.run(
              "keys",
              "rotate",
              "--data-dir",
              db.dataDir().toString(),
              "--db-url",
              db.url(),
              "--cab.db-pool-size=3");
      assertThat(rotated.code()).as(rotated.err()).isZero();

      ServiceKeys fresh = ServiceKeys.load(keys);
      String serviceKey = ServiceKeys.keyId(fresh.servicePublicKey()).value();
      assertThat(rotated.out()).contains(serviceKey);
      try (TestService again = TestService.start(db)) {
        List<RegisteredKey> registered = again.app().getBean(KeyRegistry.class).all();
        assertThat(registered).hasSize(4);
        assertThat(registered.stream().map(k -> k.keyId().value()))
            .contains(serviceKey, ServiceKeys.keyId(fresh.logKey().getPublic()).value());
      }
    }
  }

  /** Runs the command line in-process with these environment variables for {@code keys enrol}. */
  private static VerifyCommandTest.Result run(Map<String, String> env, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = CabLedger.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    ((KeysCommand.Enrol)
                cmd.getSubcommands().get("keys").getSubcommands().get("enrol").getCommand())
            .service
            .env =
        env::get;
    int code = cmd.execute(args.toArray(String[]::new));
    return new VerifyCommandTest.Result(code, out.toString(), err.toString());
  }

  /** Generates a key pair {@code name} in {@code dir}; returns its key id. */
  private static String generate(Path dir, String name) {
    VerifyCommandTest.Result generated =
        VerifyCommandTest.run("keys", "generate", "--out", dir.toString(), "--name", name);
    assertThat(generated.code()).as(generated.err()).isZero();
    return generated.out().strip().split("\\s+")[0];
  }

  private static List<String> enrol(TestService service, Path key, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "keys", "enrol", "--server", service.uri("/").toString(), "--key", key.toString()));
    args.addAll(List.of(more));
    return args;
  }

  private static String newUser() {
    return "user:cli-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_generatedKey_isRequestedAndAnAdminRegistersIt(Backend backend, @TempDir Path dir) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    String keyId = generate(dir, "alice");

    VerifyCommandTest.Result r =
        run(
            Map.of(),
            enrol(
                service,
                dir.resolve("alice.pem"),
                "--token",
                service.token(alice, Role.CAB_APPROVER)));

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("requested: key " + keyId + " of " + alice + ", logged as entry ")
        .contains("a PLATFORM_ADMIN other than you approves it");
    String id = r.out().split("\\s+")[1];
    HttpResponse<String> approved = TestApproverKeys.approve(service, TestApproverKeys.ADMIN, id);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
    RegisteredKey registered = TestApi.keys(service).find(new KeyId(keyId)).orElseThrow();
    assertThat(registered.owner()).isEqualTo(alice);
    assertThat(registered.purpose()).isEqualTo("approver");
  }

  @Test
  void enrol_tokenFromCabToken_usedWhenNoOptionGiven(@TempDir Path dir) {
    TestService service = TestService.shared(Backend.SQLITE);
    generate(dir, "bob");

    VerifyCommandTest.Result r =
        run(
            Map.of("CAB_TOKEN", service.token(newUser(), Role.SECURITY_REVIEWER)),
            enrol(service, dir.resolve("bob.pem")));

    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void enrol_noToken_exit2SayingHowToGiveOne(@TempDir Path dir) {
    TestService service = TestService.shared(Backend.SQLITE);
    generate(dir, "carol");

    VerifyCommandTest.Result r = run(Map.of(), enrol(service, dir.resolve("carol.pem")));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--token").contains("CAB_TOKEN");
  }

  @Test
  void enrol_publicKeyOfAnotherPair_exit2BeforeCallingTheServer(@TempDir Path dir) {
    TestService service = TestService.shared(Backend.SQLITE);
    generate(dir, "dave");
    generate(dir, "other");
    long size = TestWorkflow.treeSize(service);

    VerifyCommandTest.Result r =
        run(
            Map.of(),
            enrol(
                service,
                dir.resolve("dave.pem"),
                "--public-key",
                dir.resolve("other.pub.pem").toString(),
                "--token",
                service.token(newUser(), Role.CAB_APPROVER)));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is not the public half of");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
  }

  @Test
  void enrol_roleThatHoldsNoKey_exit2WithTheProblem(@TempDir Path dir) {
    TestService service = TestService.shared(Backend.SQLITE);
    generate(dir, "erin");

    VerifyCommandTest.Result r =
        run(
            Map.of(),
            enrol(
                service,
                dir.resolve("erin.pem"),
                "--token",
                service.token(newUser(), Role.REQUESTER)));

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("HTTP 403");
  }

  @Test
  void enrol_sameKeyTwice_exit2WithTheConflict(@TempDir Path dir) {
    TestService service = TestService.shared(Backend.SQLITE);
    generate(dir, "frank");
    String token = service.token(newUser(), Role.CAB_APPROVER);
    assertThat(run(Map.of(), enrol(service, dir.resolve("frank.pem"), "--token", token)).code())
        .isZero();

    VerifyCommandTest.Result again =
        run(Map.of(), enrol(service, dir.resolve("frank.pem"), "--token", token));

    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("HTTP 409").contains("submitted for enrolment already");
  }
}
