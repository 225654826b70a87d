package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApprovalConstraintsTest {
  private static final Instant FROM = Instant.parse("2026-04-01T14:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-04-01T16:00:00Z");
  private static final ApprovalConstraints WINDOW =
      new ApprovalConstraints(List.of(), Optional.of(FROM), Optional.of(UNTIL));

  @Test
  void allowsEnvironment_noEnvironments_allowsEveryOne() {
    assertThat(ApprovalConstraints.NONE.allowsEnvironment("production")).isTrue();
  }

  @Test
  void allowsEnvironment_listed_onlyThose() {
    ApprovalConstraints c =
        new ApprovalConstraints(List.of("staging", "qa"), Optional.empty(), Optional.empty());

    assertThat(c.allowsEnvironment("qa")).isTrue();
    assertThat(c.allowsEnvironment("staging")).isTrue();
    assertThat(c.allowsEnvironment("production")).isFalse();
    assertThat(c.allowsEnvironment("Staging")).isFalse();
  }

  @Test
  void allowsTime_window_includesBothEnds() {
    assertThat(WINDOW.allowsTime(FROM)).isTrue();
    assertThat(WINDOW.allowsTime(UNTIL)).isTrue();
    assertThat(WINDOW.allowsTime(FROM.minusMillis(1))).isFalse();
    assertThat(WINDOW.allowsTime(UNTIL.plusMillis(1))).isFalse();
  }

  @Test
  void allowsTime_openEnds_areUnbounded() {
    ApprovalConstraints from =
        new ApprovalConstraints(List.of(), Optional.of(FROM), Optional.empty());
    ApprovalConstraints until =
        new ApprovalConstraints(List.of(), Optional.empty(), Optional.of(UNTIL));

    assertThat(from.allowsTime(Instant.MAX)).isTrue();
    assertThat(from.allowsTime(FROM.minusMillis(1))).isFalse();
    assertThat(until.allowsTime(Instant.EPOCH)).isTrue();
    assertThat(until.allowsTime(UNTIL.plusMillis(1))).isFalse();
    assertThat(ApprovalConstraints.NONE.allowsTime(Instant.EPOCH)).isTrue();
  }

  @Test
  void new_notBeforeNotBeforeNotAfter_isRejected() {
    assertThatThrownBy(
            () -> new ApprovalConstraints(List.of(), Optional.of(UNTIL), Optional.of(FROM)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not_before must be before not_after");
    assertThatThrownBy(
            () -> new ApprovalConstraints(List.of(), Optional.of(FROM), Optional.of(FROM)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not_before must be before not_after");
  }

  @Test
  void new_environments_areCopied() {
    List<String> environments = new ArrayList<>(List.of("staging"));
    ApprovalConstraints c =
        new ApprovalConstraints(environments, Optional.empty(), Optional.empty());
    environments.add("production");

    assertThat(c.allowsEnvironment("production")).isFalse();
  }
}
