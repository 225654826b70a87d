package dev.cabledger.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.event.AppliedPolicy;
import dev.cabledger.core.event.Risk;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyTest {

  @Test
  void default_isTheDesignsQuorumWithTheScanRequired() {
    Policy p = Policy.DEFAULT;

    assertThat(p.quorumFor(Optional.of(Risk.LOW))).isEqualTo(new Quorum(1, 0));
    assertThat(p.quorumFor(Optional.of(Risk.MEDIUM))).isEqualTo(new Quorum(1, 0));
    assertThat(p.quorumFor(Optional.of(Risk.HIGH))).isEqualTo(new Quorum(2, 0));
    assertThat(p.quorumFor(Optional.of(Risk.CRITICAL))).isEqualTo(new Quorum(2, 1));
    assertThat(p.excludePrApprovers()).isFalse();
    assertThat(p.requireSecurityScan()).isTrue();
  }

  @Test
  void quorumFor_noRisk_isCriticals() {
    Policy p = Policy.DEFAULT.withQuorum(Risk.CRITICAL, new Quorum(4, 2));

    assertThat(p.quorumFor(Optional.empty())).isEqualTo(new Quorum(4, 2));
  }

  @Test
  void withQuorum_changesOneLevelOnly() {
    Policy p =
        new Policy(Policy.DEFAULT.quorum(), true, false).withQuorum(Risk.LOW, new Quorum(2, 0));

    assertThat(p.quorumFor(Optional.of(Risk.LOW))).isEqualTo(new Quorum(2, 0));
    assertThat(p.quorumFor(Optional.of(Risk.MEDIUM))).isEqualTo(new Quorum(1, 0));
    assertThat(p.excludePrApprovers()).isTrue();
    assertThat(p.requireSecurityScan()).isFalse();
    assertThat(Policy.DEFAULT.quorumFor(Optional.of(Risk.LOW))).isEqualTo(new Quorum(1, 0));
  }

  @Test
  void new_levelWithoutQuorum_isRejected() {
    Map<Risk, Quorum> partial = new EnumMap<>(Policy.DEFAULT.quorum());
    partial.remove(Risk.HIGH);

    assertThatThrownBy(() -> new Policy(partial, false, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the policy has no quorum for risk high");
  }

  @Test
  void applied_ofTheDefault_recordsEveryParameter() {
    AppliedPolicy applied = Policy.DEFAULT.applied();

    assertThat(applied.quorum())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Risk.LOW, new AppliedPolicy.Quorum(1, 0),
                Risk.MEDIUM, new AppliedPolicy.Quorum(1, 0),
                Risk.HIGH, new AppliedPolicy.Quorum(2, 0),
                Risk.CRITICAL, new AppliedPolicy.Quorum(2, 1)));
    assertThat(applied.excludePrApprovers()).isFalse();
    assertThat(applied.requireSecurityScan()).isTrue();
  }

  @Test
  void of_applied_isTheSamePolicy() {
    Policy custom =
        new Policy(Policy.DEFAULT.quorum(), true, false)
            .withQuorum(Risk.LOW, new Quorum(16, 16))
            .withQuorum(Risk.CRITICAL, new Quorum(3, 2));

    assertThat(Policy.of(custom.applied())).isEqualTo(custom);
    assertThat(Policy.of(Policy.DEFAULT.applied())).isEqualTo(Policy.DEFAULT);
  }

  @Test
  void new_copiesTheQuorums() {
    Map<Risk, Quorum> quorums = new EnumMap<>(Policy.DEFAULT.quorum());
    Policy p = new Policy(quorums, false, true);
    quorums.put(Risk.LOW, new Quorum(9, 9));

    assertThat(p.quorumFor(Optional.of(Risk.LOW))).isEqualTo(new Quorum(1, 0));
    assertThat(p).isEqualTo(Policy.DEFAULT);
  }
}
