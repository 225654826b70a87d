package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class GateEvaluatedTest {
  private static final Digest PLAN = Digest.sha256("plan".getBytes(StandardCharsets.UTF_8));

  @Test
  void toJson_withPolicy_writesItAsThePolicyMember() {
    GateEvaluated gate =
        new GateEvaluated(
            new ClientId("acme"),
            PLAN,
            "production",
            GateVerdict.APPROVED,
            List.of(),
            Optional.of(SampleEvents.policy()));

    ObjectNode json = gate.toJson();

    assertThat(json.get("policy")).isEqualTo(SampleEvents.policy().toJson());
    assertThat(EventData.parse(EventType.GATE_EVALUATED, json)).isEqualTo(gate);
  }

  @Test
  void parse_entryWrittenBeforeThePolicyWasRecorded_readsWithoutOne() {
    ObjectNode older =
        new EventDataWriter()
            .client(new ClientId("acme"))
            .sha256("plan_hash", PLAN)
            .text("environment", "production")
            .word("verdict", GateVerdict.BLOCKED)
            .texts("reasons", List.of("missing-quorum: low risk needs 1 CAB approver"))
            .node();

    GateEvaluated gate = (GateEvaluated) EventData.parse(EventType.GATE_EVALUATED, older);

    assertThat(gate.policy()).isEmpty();
    assertThat(gate.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(gate.toJson()).isEqualTo(older);
  }
}
