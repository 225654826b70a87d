package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.KeyId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyEnrolmentRequestedTest {
  private static final UUID ID = UUID.fromString("0b6f6a57-2c4e-4b8e-a0e4-4c3c2f3a9d10");

  @Test
  void statedActor_isTheOwner() {
    KeyEnrolmentRequested request =
        new KeyEnrolmentRequested(
            ID,
            new KeyId("mldsa65-0011223344556677"),
            "ML-DSA-65",
            new SubjectPublicKeyInfo(new byte[] {1, 2, 3}),
            "user:alice");

    assertThat(request.statedActor()).hasValue("user:alice");
    assertThat(request.toJson().get("enrolment_id").stringValue()).isEqualTo(ID.toString());
    assertThat(EventData.parse(EventType.KEY_ENROLMENT_REQUESTED, request.toJson()))
        .isEqualTo(request);
  }
}
