package dev.cabledger.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.policy.VerdictCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateVerdictsTest {
  private static final VerdictCheck NOTICE =
      new VerdictCheck(9, "CR-1", VerdictCheck.Outcome.NOT_REDERIVABLE, VerdictCheck.NO_POLICY);

  @Test
  void summary_statesEveryCount() {
    GateVerdicts gates = new GateVerdicts(3, 1, 2, List.of(NOTICE));

    assertThat(gates.logged()).isEqualTo(6);
    assertThat(gates.rederived()).isEqualTo(4);
    assertThat(gates.summary())
        .isEqualTo("6 logged, 4 re-derived (3 matched, 1 mismatched), 2 not re-derivable");
  }

  @Test
  void none_countsNothing() {
    assertThat(GateVerdicts.NONE.summary())
        .isEqualTo("0 logged, 0 re-derived (0 matched, 0 mismatched), 0 not re-derivable");
  }

  @Test
  void new_moreNoticesThanCounted_isRejected() {
    assertThatThrownBy(() -> new GateVerdicts(0, 0, 0, List.of(NOTICE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GateVerdicts(-1, 0, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
