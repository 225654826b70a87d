package dev.cabledger.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.sign.MlDsa65;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogTrustTest {
  private static final byte[] SPKI = MlDsa65.spki(MlDsa65.generate().getPublic());
  private static final LogTrust TRUST =
      new LogTrust("cab-ledger.example/prod", KeyId.forMlDsa65(SPKI), SPKI);

  @Test
  void parse_ofToJson_readsBackTheSameTrust() {
    assertThat(LogTrust.parse(TRUST.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(TRUST);
    assertThat(TRUST.toJson()).startsWith("{\"algorithm\":\"ML-DSA-65\",\"format\":");
  }

  @Test
  void new_keyIdOfAnotherKey_isRejected() {
    byte[] other = MlDsa65.spki(MlDsa65.generate().getPublic());

    assertThatThrownBy(() -> new LogTrust("o", KeyId.forMlDsa65(other), SPKI))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not the id of its public key");
  }

  @Test
  void parse_unknownMember_isRejected() {
    String json = TRUST.toJson().replace("{\"algorithm\"", "{\"extra\":1,\"algorithm\"");

    assertThatThrownBy(() -> LogTrust.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("unknown member \"extra\"");
  }

  @Test
  void parse_otherAlgorithm_isRejected() {
    String json = TRUST.toJson().replace("ML-DSA-65", "Ed25519");

    assertThatThrownBy(() -> LogTrust.parse(json.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("algorithm is not ML-DSA-65");
  }

  @Test
  void equals_comparesOriginIdAndKeyByValue() {
    LogTrust same = new LogTrust("cab-ledger.example/prod", KeyId.forMlDsa65(SPKI), SPKI.clone());
    LogTrust otherOrigin = new LogTrust("cab-ledger.example/test", KeyId.forMlDsa65(SPKI), SPKI);
    byte[] otherSpki = MlDsa65.spki(MlDsa65.generate().getPublic());
    LogTrust otherKey =
        new LogTrust("cab-ledger.example/prod", KeyId.forMlDsa65(otherSpki), otherSpki);

    assertThat(TRUST).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(TRUST).isNotEqualTo(otherOrigin).isNotEqualTo(otherKey).isNotEqualTo("text");
    assertThat(TRUST.hashCode()).isNotEqualTo(otherOrigin.hashCode());
    assertThat(TRUST.hashCode()).isNotEqualTo(otherKey.hashCode());
    assertThat(TRUST.hashCode()).isNotZero();
    assertThat(TRUST).hasToString("LogTrust[cab-ledger.example/prod, " + TRUST.keyId() + "]");
  }

  @Test
  void is_sameIdAndKeyOnly() {
    KeyPair other = MlDsa65.generate();
    RegisteredKey logKey =
        new RegisteredKey(
            KeyId.forMlDsa65(SPKI),
            RegisteredKey.ML_DSA_65,
            SPKI,
            "cab-ledger",
            "log",
            Instant.parse("2026-01-01T00:00:00Z"),
            Optional.empty(),
            KeyStatus.ACTIVE);

    assertThat(TRUST.is(logKey)).isTrue();
    assertThat(TRUST.is(TestKeys.key(other, "cab-ledger", "log", Instant.EPOCH))).isFalse();
  }
}
