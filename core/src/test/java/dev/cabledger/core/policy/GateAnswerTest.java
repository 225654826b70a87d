package dev.cabledger.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.event.GateVerdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateAnswerTest {
  private static final Reason DENIED = new Reason(ReasonCode.DENIED, "bob denied the change");

  @Test
  void new_approvedWithAReason_isRejected() {
    assertThatThrownBy(
            () -> new GateAnswer(GateVerdict.APPROVED, List.of(DENIED), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a change is approved exactly when nothing blocks it");
  }

  @Test
  void new_blockedWithoutAReason_isRejected() {
    assertThatThrownBy(() -> new GateAnswer(GateVerdict.BLOCKED, List.of(), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a change is approved exactly when nothing blocks it");
  }

  @Test
  void new_copiesItsLists() {
    List<Reason> reasons = new ArrayList<>(List.of(DENIED));
    List<String> conditions = new ArrayList<>(List.of("Snapshot first"));
    GateAnswer answer = new GateAnswer(GateVerdict.BLOCKED, reasons, List.of(), conditions);
    reasons.clear();
    conditions.clear();

    assertThat(answer.reasons()).containsExactly(DENIED);
    assertThat(answer.conditions()).containsExactly("Snapshot first");
  }
}
