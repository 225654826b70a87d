package dev.cabledger.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChangeStatusTest {

  @Test
  void json_isTheApisWord() {
    assertThat(Arrays.stream(ChangeStatus.values()).map(ChangeStatus::json))
        .containsExactly("pending", "approved", "conditional", "denied", "applied");
  }
}
