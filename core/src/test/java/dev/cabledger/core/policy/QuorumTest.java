package dev.cabledger.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuorumTest {

  @ParameterizedTest
  @CsvSource({"1, 0", "16, 0", "1, 16", "16, 16"})
  void new_withinLimits_isAccepted(int cab, int security) {
    Quorum q = new Quorum(cab, security);

    assertThat(q.cabApprovers()).isEqualTo(cab);
    assertThat(q.securityReviewers()).isEqualTo(security);
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "17, 0", "1, -1", "1, 17", "-1, 1"})
  void new_outsideLimits_isRejected(int cab, int security) {
    assertThatThrownBy(() -> new Quorum(cab, security))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a quorum needs 1 to 16 CAB approvers and 0 to 16 security reviewers");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1 | 0 | 1 CAB approver",
        "2 | 0 | 2 CAB approvers",
        "2 | 1 | 2 CAB approvers and 1 security reviewer",
        "1 | 3 | 1 CAB approver and 3 security reviewers",
      })
  void toString_saysItInWords(int cab, int security, String words) {
    assertThat(new Quorum(cab, security)).hasToString(words);
  }
}
