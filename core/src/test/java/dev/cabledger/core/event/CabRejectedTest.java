package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CabRejectedTest {
  private static final Digest PLAN = Digest.sha256("plan".getBytes(StandardCharsets.UTF_8));
  private static final UUID ID = UUID.fromString("0b6f6a57-2c4e-4b8e-a0e4-4c3c2f3a9d10");
  private static final UUID EARLIER = UUID.fromString("5d1c3b0e-8a7f-4f2e-9b61-2f0c7e4d8a35");

  @Test
  void toJson_supersedes_isWrittenAndReadBack() {
    CabRejected rejection = rejection(Optional.of(EARLIER));

    ObjectNode json = rejection.toJson();

    assertThat(json.get("supersedes").stringValue()).isEqualTo(EARLIER.toString());
    assertThat(EventData.parse(EventType.CAB_REJECTED, json)).isEqualTo(rejection);
  }

  @Test
  void toJson_noSupersedes_leavesItOut() {
    ObjectNode json = rejection(Optional.empty()).toJson();

    assertThat(json.has("supersedes")).isFalse();
    assertThat(((CabRejected) EventData.parse(EventType.CAB_REJECTED, json)).supersedes())
        .isEmpty();
  }

  @Test
  void parse_supersedesNotAUuid_isRejectedNamingIt() {
    ObjectNode json = rejection(Optional.of(EARLIER)).toJson().put("supersedes", "approval-1");

    assertThatThrownBy(() -> EventData.parse(EventType.CAB_REJECTED, json))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT))
        .hasMessageContaining("event_data.supersedes is not a UUID");
  }

  private static CabRejected rejection(Optional<UUID> supersedes) {
    return new CabRejected(
        ID,
        new ClientId("acme"),
        PLAN,
        Optional.empty(),
        "user:alice",
        "CAB_APPROVER",
        "No rollback plan",
        supersedes);
  }
}
