package dev.cabledger.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AssessedExceptionTest {

  @Test
  void stateJson_isTheApisWord() {
    assertThat(Arrays.stream(AssessedException.State.values()).map(AssessedException.State::json))
        .containsExactly("pending", "approved", "denied", "expired", "revoked");
  }
}
