package dev.cabledger.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.storage.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyRegistryTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void appendRegistration_keyRegisteredMeanwhileByAnotherInstance_addsNoSecondEntry(
      Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      var app = service.app();
      KeyRegistry registry = app.getBean(KeyRegistry.class);
      ServiceKeys keys = app.getBean(ServiceKeys.class);
      LogReader reader = app.getBean(LogReader.class);
      long size = reader.latestCheckpoint().size();
      var before = registry.all();

      // What a second instance does when its check ran before this instance's registration
      // committed: it appends the registration again.
      registry.appendRegistration(keys.servicePublicKey(), "service");

      assertThat(reader.latestCheckpoint().size()).isEqualTo(size);
      assertThat(registry.all()).isEqualTo(before);
      assertThat(before).hasSize(2);
    }
  }
}
