package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deployment gate answered whether a plan may be applied.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the plan file asked about
 * @param environment the target environment
 * @param verdict approved or blocked
 * @param reasons why it is blocked (empty when approved)
 */
public record GateEvaluated(
    ClientId client, Digest planHash, String environment, GateVerdict verdict, List<String> reasons)
    implements EventData.OfChange {
  public GateEvaluated {
    reasons = List.copyOf(reasons);
  }

  @Override
  public EventType type() {
    return EventType.GATE_EVALUATED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .client(client)
        .sha256("plan_hash", planHash)
        .text("environment", environment)
        .word("verdict", verdict)
        .texts("reasons", reasons)
        .node();
  }

  static GateEvaluated read(EventDataReader r) {
    return new GateEvaluated(
        r.client(),
        r.sha256("plan_hash"),
        r.name("environment"),
        r.word("verdict", GateVerdict.class),
        r.texts("reasons"));
  }
}
