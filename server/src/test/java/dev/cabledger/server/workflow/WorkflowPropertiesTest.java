package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code cab.workflow.require-approver-signature}, and a client's own, as the service reads them
 * into its policies.
 */
class WorkflowPropertiesTest {

  private static WorkflowProperties with(List<String> requireApproverSignature) {
    return with(requireApproverSignature, List.of());
  }

  private static WorkflowProperties with(
      List<String> requireApproverSignature, List<String> globexRequires) {
    return new WorkflowProperties(
        Map.of(),
        false,
        true,
        Map.of("globex", new WorkflowProperties.ClientRules(Map.of("low", "2"), globexRequires)),
        Duration.ofDays(30),
        Duration.ofDays(90),
        Duration.ofSeconds(30),
        false,
        requireApproverSignature,
        5);
  }

  @Test
  void policies_levelsNamed_askedOfEveryClient() {
    Map<Optional<ClientId>, Policy> policies = with(List.of("high", "critical")).policies();

    assertThat(policies.get(Optional.<ClientId>empty()).requireApproverSignature())
        .isEqualTo(Set.of(Risk.HIGH, Risk.CRITICAL));
    assertThat(policies.get(Optional.of(new ClientId("globex"))).requireApproverSignature())
        .isEqualTo(Set.of(Risk.HIGH, Risk.CRITICAL));
  }

  @Test
  void policies_none_asksNoLevel() {
    assertThat(with(List.of("none")).policies().get(Optional.<ClientId>empty()))
        .extracting(Policy::requireApproverSignature)
        .isEqualTo(Set.of());
  }

  @Test
  void policies_clientsOwnLevels_replaceTheServicesForThatClientOnly() {
    Map<Optional<ClientId>, Policy> policies =
        with(List.of("high", "critical"), List.of("medium", "high", "critical")).policies();

    Policy globex = policies.get(Optional.of(new ClientId("globex")));
    assertThat(globex.requireApproverSignature())
        .isEqualTo(Set.of(Risk.MEDIUM, Risk.HIGH, Risk.CRITICAL));
    assertThat(globex.quorum().get(Risk.LOW).cabApprovers()).as("its quorum kept").isEqualTo(2);
    assertThat(policies.get(Optional.<ClientId>empty()).requireApproverSignature())
        .isEqualTo(Set.of(Risk.HIGH, Risk.CRITICAL));
    assertThat(with(List.of("high"), List.of("none")).policies())
        .extractingByKey(Optional.of(new ClientId("globex")))
        .extracting(Policy::requireApproverSignature)
        .isEqualTo(Set.of());
  }

  @Test
  void new_unknownLevelOfAClient_failsNamingItsSetting() {
    assertThatThrownBy(() -> with(List.of("high"), List.of("severe")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cab.workflow.clients.globex.require-approver-signature: severe is not a risk level"
                + " (low, medium, high, critical, or none)");
  }

  @Test
  void new_unknownLevel_failsNamingTheSetting() {
    assertThatThrownBy(() -> with(List.of("huge")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cab.workflow.require-approver-signature: huge is not a risk level (low, medium,"
                + " high, critical, or none)");
  }
}
