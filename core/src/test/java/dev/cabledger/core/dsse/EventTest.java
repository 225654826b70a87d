package dev.cabledger.core.dsse;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class EventTest {
  private static final ObjectNode DATA = JsonNodeFactory.instance.objectNode();
  private static final Instant AT = Instant.parse("2026-04-01T14:30:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void event_blankActor_isRejected(String blank) {
    assertThatThrownBy(() -> new Event("c-1", "CAB_APPROVED", DATA, blank, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actor must not be blank");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void event_blankCorrelationId_isRejected(String blank) {
    assertThatThrownBy(() -> new Event(blank, "CAB_APPROVED", DATA, "user:a", AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("correlationId must not be blank");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void event_blankEventType_isRejected(String blank) {
    assertThatThrownBy(() -> new Event("c-1", blank, DATA, "user:a", AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventType must not be blank");
  }
}
