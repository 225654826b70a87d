package dev.cabledger.core.dsse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.event.SampleEvents;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTest {
  private static final Instant AT = Instant.parse("2026-04-01T14:30:00Z");
  private static final EventData DATA =
      SampleEvents.everyType(Digest.sha256(new byte[] {1}), "user:a").getFirst();
  private static final Actor ACTOR = new Actor("user:a", List.of("CAB_APPROVER"), "issuer");

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void actor_blankSubject_isRejected(String blank) {
    assertThatThrownBy(() -> new Actor(blank, List.of(), "issuer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actor must be 1 to 256 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void event_blankCorrelationId_isRejected(String blank) {
    assertThatThrownBy(() -> new Event(blank, DATA, ACTOR, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("correlationId must be 1 to 256 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "cab_approved", "NOT_A_TYPE"})
  void eventType_notInTheCatalog_isRejected(String name) {
    assertThatThrownBy(() -> EventType.of(name))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("is not in the event catalog");
  }

  @org.junit.jupiter.api.Test
  void actor_hasRole_onlyTheAssertedOnes() {
    assertThat(ACTOR.hasRole("CAB_APPROVER")).isTrue();
    assertThat(ACTOR.hasRole("PLATFORM_ADMIN")).isFalse();
  }

  @org.junit.jupiter.api.Test
  void actor_64Roles_acceptedA65thRefused() {
    List<String> roles =
        java.util.stream.IntStream.range(0, 65).mapToObj(i -> "R%02d".formatted(i)).toList();
    assertThat(new Actor("user:a", roles.subList(0, 64), "issuer").roles()).hasSize(64);
    assertThatThrownBy(() -> new Actor("user:a", roles, "issuer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than 64 roles");
  }

  @org.junit.jupiter.api.Test
  void actor_rolesUnsortedOrTwice_refused() {
    assertThatThrownBy(() -> new Actor("user:a", List.of("B", "A"), "issuer"))
        .hasMessageContaining("sorted and distinct");
    assertThatThrownBy(() -> new Actor("user:a", List.of("A", "A"), "issuer"))
        .hasMessageContaining("sorted and distinct");
    assertThat(Actor.of("user:a", List.of("B", "A", "B"), "issuer").roles())
        .containsExactly("A", "B");
  }
}
