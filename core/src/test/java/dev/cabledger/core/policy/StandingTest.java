package dev.cabledger.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StandingTest {

  @Test
  void json_isTheApisWord() {
    assertThat(Arrays.stream(Standing.values()).map(Standing::json))
        .containsExactly(
            "counts",
            "denies",
            "expired",
            "revoked",
            "superseded",
            "other-plan",
            "self-approval",
            "pr-approver",
            "duplicate",
            "role-not-held",
            "unsigned");
  }
}
