package dev.cabledger.server.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceKeysTest {

  @Test
  void loadOrGenerate_newDirectory_generatesAndThenReadsTheSameKeys(@TempDir Path dir) {
    ServiceKeys first = ServiceKeys.loadOrGenerate(dir);
    ServiceKeys second = ServiceKeys.loadOrGenerate(dir);
    assertThat(ServiceKeys.keyId(second.servicePublicKey()))
        .isEqualTo(ServiceKeys.keyId(first.servicePublicKey()));
    assertThat(ServiceKeys.keyId(second.logKey().getPublic()))
        .isEqualTo(ServiceKeys.keyId(first.logKey().getPublic()));
  }

  @Test
  void load_missingFiles_refusesNamingEach(@TempDir Path dir) throws IOException {
    ServiceKeys.loadOrGenerate(dir);
    Files.delete(dir.resolve("service-key.pem"));
    Files.delete(dir.resolve("log-key.pub.pem"));
    assertThat(ServiceKeys.missingFiles(dir))
        .containsExactly(dir.resolve("log-key.pub.pem"), dir.resolve("service-key.pem"));
    assertThatThrownBy(() -> ServiceKeys.load(dir))
        .isInstanceOf(MissingKeyFilesException.class)
        .hasMessageContaining(dir.resolve("log-key.pub.pem").toString())
        .hasMessageContaining(dir.resolve("service-key.pem").toString());
  }

  @Test
  void loadOrGenerate_halfAPairMissing_refusesRatherThanGenerate(@TempDir Path dir)
      throws IOException {
    ServiceKeys.loadOrGenerate(dir);
    Files.delete(dir.resolve("log-key.pem"));
    assertThatThrownBy(() -> ServiceKeys.loadOrGenerate(dir))
        .isInstanceOf(MissingKeyFilesException.class)
        .hasMessageContaining("log-key.pem");
    assertThat(dir.resolve("log-key.pem")).doesNotExist();
  }

  @Test
  void replace_existingKeys_movesThemAsideAndGeneratesNewOnes(@TempDir Path dir) {
    ServiceKeys old = ServiceKeys.loadOrGenerate(dir);
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T23:00:00Z"), ZoneOffset.UTC);
    ServiceKeys fresh = ServiceKeys.replace(dir, clock);
    assertThat(ServiceKeys.keyId(fresh.servicePublicKey()))
        .isNotEqualTo(ServiceKeys.keyId(old.servicePublicKey()));
    Path retired = dir.resolve("retired-20261125T230000Z");
    assertThat(retired.resolve("service-key.pem")).exists();
    assertThat(retired.resolve("log-key.pub.pem")).exists();
    assertThat(ServiceKeys.keyId(ServiceKeys.load(retired).servicePublicKey()))
        .isEqualTo(ServiceKeys.keyId(old.servicePublicKey()));
    assertThat(ServiceKeys.keyId(ServiceKeys.load(dir).servicePublicKey()))
        .isEqualTo(ServiceKeys.keyId(fresh.servicePublicKey()));
  }
}
