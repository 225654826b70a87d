package dev.cabledger.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReasonTest {

  @Test
  void toString_isCodeColonText() {
    assertThat(new Reason(ReasonCode.MISSING_QUORUM, "low risk needs 1 CAB approver"))
        .hasToString("missing-quorum: low risk needs 1 CAB approver");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n"})
  void new_blankText_isRejected(String blank) {
    assertThatThrownBy(() -> new Reason(ReasonCode.DENIED, blank))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a reason needs words");
  }

  @Test
  void code_isTheGatesWord() {
    assertThat(Arrays.stream(ReasonCode.values()).map(ReasonCode::code))
        .containsExactly(
            "missing-quorum",
            "expired",
            "revoked",
            "plan-hash-differs",
            "environment-not-allowed",
            "outside-window",
            "exception-missing",
            "denied",
            "signature-invalid",
            "not-in-log",
            "freeze",
            "target-changed",
            "template-not-approved",
            "approver-signature-missing");
  }
}
