package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.storage.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cab-ledger keys}: show, generate, and rotate against a real log. */
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
}
