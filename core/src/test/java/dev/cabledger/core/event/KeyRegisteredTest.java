package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.registry.KeyStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class KeyRegisteredTest {
  private static final KeyId KEY = new KeyId("mldsa65-0011223344556677");
  private static final SubjectPublicKeyInfo SPKI = new SubjectPublicKeyInfo(new byte[] {1, 2, 3});
  private static final Instant FROM = Instant.parse("2026-04-01T14:30:00Z");
  private static final Instant TO = Instant.parse("2027-04-01T14:30:00Z");

  @Test
  void toJson_validTo_isWrittenAndReadBackIntoTheRegisteredKey() {
    KeyRegistered registered = approverKey(Optional.of(TO));

    ObjectNode json = registered.toJson();

    assertThat(json.get("valid_to").stringValue()).isEqualTo("2027-04-01T14:30:00Z");
    assertThat(EventData.parse(EventType.KEY_REGISTERED, json)).isEqualTo(registered);
    assertThat(registered.toRegisteredKey().validTo()).hasValue(TO);
    assertThat(registered.toRegisteredKey().status()).isEqualTo(KeyStatus.ACTIVE);
  }

  @Test
  void toJson_noValidTo_leavesItOut() {
    KeyRegistered registered = approverKey(Optional.empty());

    assertThat(registered.toJson().has("valid_to")).isFalse();
    assertThat(registered.toRegisteredKey().validTo()).isEmpty();
  }

  @Test
  void constructor_validToNotAfterValidFrom_isRejected() {
    assertThatThrownBy(() -> approverKey(Optional.of(FROM)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("valid_to is not after valid_from");
  }

  @Test
  void parse_validToBeforeValidFrom_isAFormatError() {
    ObjectNode json = approverKey(Optional.of(TO)).toJson().put("valid_to", "2026-01-01T00:00:00Z");

    assertThatThrownBy(() -> EventData.parse(EventType.KEY_REGISTERED, json))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("valid_to is not after valid_from");
  }

  private static KeyRegistered approverKey(Optional<Instant> validTo) {
    return new KeyRegistered(
        KEY, "ML-DSA-65", SPKI, "user:alice", KeyPurpose.APPROVER, FROM, validTo);
  }
}
