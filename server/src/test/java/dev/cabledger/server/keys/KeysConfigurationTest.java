package dev.cabledger.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.storage.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The service starts only with the keys its log registered (or on a new log). */
class KeysConfigurationTest {
  private static final List<String> KEY_FILES =
      List.of("log-key.pem", "log-key.pub.pem", "service-key.pem", "service-key.pub.pem");

  @ParameterizedTest
  @EnumSource(Backend.class)
  void start_logHoldsEntriesAndBothKeysLost_refusesNamingFilesAndKeysAndWritesNothing(
      Backend backend) throws IOException {
    try (TestDatabase db = TestDatabase.create(backend)) {
      List<RegisteredKey> registered;
      try (TestService first = TestService.start(db)) {
        registered = first.app().getBean(KeyRegistry.class).all();
      }
      long size = logSize(db);
      Path keys = db.dataDir().resolve("keys");
      for (String file : KEY_FILES) {
        Files.delete(keys.resolve(file));
      }

      assertThatThrownBy(() -> TestService.start(db))
          .rootCause()
          .isInstanceOf(KeysNotRestoredException.class)
          .hasMessageContaining(keys.resolve("log-key.pem").toString())
          .hasMessageContaining(keys.resolve("service-key.pub.pem").toString())
          .hasMessageContaining(registered.get(0).keyId().value())
          .hasMessageContaining(registered.get(1).keyId().value())
          .hasMessageContaining("cab-ledger keys rotate");
      for (String file : KEY_FILES) {
        assertThat(keys.resolve(file)).doesNotExist();
      }
      assertThat(logSize(db)).isEqualTo(size);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void start_logHoldsEntriesAndOtherKeys_refuses(Backend backend) throws IOException {
    try (TestDatabase db = TestDatabase.create(backend)) {
      try (TestService first = TestService.start(db)) {
        assertThat(first.app().getBean(KeyRegistry.class).all()).hasSize(2);
      }
      Path keys = db.dataDir().resolve("keys");
      for (String file : KEY_FILES) {
        Files.delete(keys.resolve(file));
      }
      ServiceKeys.loadOrGenerate(keys);

      assertThatThrownBy(() -> TestService.start(db))
          .rootCause()
          .isInstanceOf(KeysNotRestoredException.class)
          .hasMessageContaining("are not keys it registered");
      assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM registered_key", Long.class))
          .isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void start_keysRestored_startsAndRegistersNothingNew(Backend backend) throws IOException {
    try (TestDatabase db = TestDatabase.create(backend)) {
      Path keys = db.dataDir().resolve("keys");
      Path backup = db.dataDir().resolve("backup");
      try (TestService first = TestService.start(db)) {
        assertThat(first.app().getBean(KeyRegistry.class).all()).hasSize(2);
        Files.createDirectories(backup);
        for (String file : KEY_FILES) {
          Files.copy(keys.resolve(file), backup.resolve(file));
        }
      }
      for (String file : KEY_FILES) {
        Files.move(
            backup.resolve(file),
            keys.resolve(file),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      try (TestService again = TestService.start(db)) {
        assertThat(again.app().getBean(KeyRegistry.class).all()).hasSize(2);
      }
    }
  }

  private static long logSize(TestDatabase db) {
    Long size = db.jdbc().queryForObject("SELECT MAX(tree_size) FROM checkpoint", Long.class);
    assertThat(size).isNotNull().isPositive();
    return size;
  }
}
