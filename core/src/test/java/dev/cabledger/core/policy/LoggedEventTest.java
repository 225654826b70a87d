package dev.cabledger.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.event.Risk;
import org.junit.jupiter.api.Test;

class LoggedEventTest {

  @Test
  void accessors_readTheStatementsEvent() {
    LoggedEvent e = TestChange.submitted(Risk.LOW).events().getFirst();

    assertThat(e.index()).isZero();
    assertThat(e.actor()).isEqualTo(TestChange.PIPELINE);
    assertThat(e.createdAt()).isEqualTo(TestChange.T0);
    assertThat(e.data()).isEqualTo(e.statement().predicate().data());
  }

  @Test
  void new_negativeIndex_isRejected() {
    LoggedEvent e = TestChange.submitted(Risk.LOW).events().getFirst();

    assertThatThrownBy(() -> new LoggedEvent(-1, e.statement()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("index must not be negative");
  }
}
