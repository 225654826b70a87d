package dev.cabledger.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.storage.Backend;
import java.security.KeyPair;
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

  @ParameterizedTest
  @EnumSource(Backend.class)
  void all_rowInsertedWithoutItsEntry_isAnIntegrityFailureAndAnAuditFinding(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      var app = service.app();
      KeyRegistry registry = app.getBean(KeyRegistry.class);
      LedgerAudit audit = app.getBean(LedgerAudit.class);
      assertThat(audit.run().passed()).isTrue();
      assertThat(registry.all()).hasSize(2); // checked once and remembered

      // An intruder who can only INSERT: a log key of their own, pointing at an existing entry.
      KeyPair intruder = MlDsa65.generate();
      byte[] spki = MlDsa65.spki(intruder.getPublic());
      db.jdbc()
          .update(
              "INSERT INTO registered_key (key_id, algorithm, public_key, owner, purpose,"
                  + " valid_from, valid_to, status, entry_idx) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)",
              KeyId.forMlDsa65(spki).value(),
              RegisteredKey.ML_DSA_65,
              spki,
              "cab-ledger",
              "log",
              "2026-01-01T00:00:00Z",
              "active",
              0L);

      assertThatThrownBy(registry::all)
          .isInstanceOf(LedgerIntegrityException.class)
          .hasMessageContaining(KeyId.forMlDsa65(spki).value());
      assertThat(audit.run().findings())
          .extracting(Object::toString)
          .anySatisfy(
              f ->
                  assertThat(f)
                      .contains(KeyId.forMlDsa65(spki).value())
                      .contains("has no KEY_REGISTERED entry in the log"));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void registeredKey_isAppendOnlyInTheDatabase(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      assertThatThrownBy(() -> db.jdbc().update("UPDATE registered_key SET status = 'retired'"))
          .rootCause()
          .hasMessageContaining("registered_key is append-only");
      assertThatThrownBy(() -> db.jdbc().update("DELETE FROM registered_key"))
          .rootCause()
          .hasMessageContaining("registered_key is append-only");
      assertThat(service.app().getBean(KeyRegistry.class).all()).hasSize(2);
    }
  }
}
