package dev.cabledger.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.cabledger.server.access.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalIssuerTest {
  private static final String ISSUER = LocalIssuer.issuerFor("test.cab-ledger.local/x");

  @Test
  void loadOrGenerate_newDirectory_ownerOnlyKeyAndSameKeyOnReload(@TempDir Path dir)
      throws Exception {
    LocalIssuer.Loaded first = LocalIssuer.loadOrGenerate(dir, ISSUER, TokenClaims.defaults());
    assertThat(first.generated()).isTrue();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(LocalIssuer.PRIVATE_FILE))))
        .isEqualTo("rw-------");
    LocalIssuer.Loaded second = LocalIssuer.loadOrGenerate(dir, ISSUER, TokenClaims.defaults());
    assertThat(second.generated()).isFalse();
    assertThat(second.issuer().jwkSet()).isEqualTo(first.issuer().jwkSet());
  }

  @Test
  void mint_openedFromKeysDir_tokenVerifiesWithTheServedKeys(@TempDir Path dir) {
    LocalIssuer served = LocalIssuer.loadOrGenerate(dir, ISSUER, TokenClaims.defaults()).issuer();
    String token =
        LocalIssuer.open(dir)
            .mint(
                "user:alice",
                Set.of(Role.CAB_APPROVER),
                Set.of("acme"),
                false,
                Duration.ofHours(8),
                Clock.systemUTC());
    var decoder =
        new TokenDecoder(
            new ImmutableJWKSet<>(served.publicKeys()),
            Optional.of(ISSUER),
            "cab-ledger",
            Clock.systemUTC());
    var jwt = decoder.decode(token);
    assertThat(jwt.getSubject()).isEqualTo("user:alice");
    assertThat(jwt.getClaimAsStringList("roles")).containsExactly("CAB_APPROVER");
    assertThat(jwt.getClaimAsStringList("clients")).containsExactly("acme");
  }

  @Test
  void open_serviceNeverRan_saysHowToCreateTheKey(@TempDir Path dir) {
    assertThatThrownBy(() -> LocalIssuer.open(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cab-ledger serve");
  }

  @Test
  void mint_ttlBeyondLimit_rejected(@TempDir Path dir) {
    LocalIssuer issuer = LocalIssuer.loadOrGenerate(dir, ISSUER, TokenClaims.defaults()).issuer();
    assertThatThrownBy(
            () ->
                issuer.mint(
                    "u",
                    Set.of(Role.AUDITOR),
                    Set.of(),
                    true,
                    Duration.ofDays(90),
                    Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
