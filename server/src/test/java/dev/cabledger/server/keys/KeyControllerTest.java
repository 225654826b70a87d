package dev.cabledger.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestService;
import dev.cabledger.server.storage.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET /api/keys}: the public key registry. */
class KeyControllerTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void keys_listsLogAndServiceKeysEachRegisteredByAnEntry(Backend backend) {
    KeyRing ring = TestApi.keys(TestService.shared(backend));
    assertThat(ring.keys()).extracting(RegisteredKey::purpose).contains("log", "service");
    for (RegisteredKey key : ring.keys()) {
      assertThat(key.algorithm()).isEqualTo("ML-DSA-65");
      assertThat(key.toPublicKey()).isNotNull();
    }
  }
}
