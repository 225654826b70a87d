package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deployment gate answered whether a plan may be applied.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the plan file asked about
 * @param environment the target environment
 * @param verdict approved or blocked
 * @param reasons why it is blocked (empty when approved), each {@code code: text}
 * @param policy the policy parameters the answer applied; empty only in entries written before the
 *     gate recorded them, whose verdict a verifier therefore cannot re-derive
 * @param historyThrough the index of the last entry of the change's history the answer assessed
 *     (empty when the gate found none): a decision appended after the gate read the history but
 *     before its answer was logged sits before the answer in the log, yet was not assessed
 */
public record GateEvaluated(
    ClientId client,
    Digest planHash,
    String environment,
    GateVerdict verdict,
    List<String> reasons,
    Optional<AppliedPolicy> policy,
    Optional<Long> historyThrough)
    implements EventData.OfChange {
  public GateEvaluated {
    reasons = List.copyOf(reasons);
    if (historyThrough.isPresent() && historyThrough.get() < 0) {
      throw new IllegalArgumentException("history_through is an entry index, not negative");
    }
  }

  /** An answer that names no assessed history (as entries written before the member existed). */
  public GateEvaluated(
      ClientId client,
      Digest planHash,
      String environment,
      GateVerdict verdict,
      List<String> reasons,
      Optional<AppliedPolicy> policy) {
    this(client, planHash, environment, verdict, reasons, policy, Optional.empty());
  }

  @Override
  public EventType type() {
    return EventType.GATE_EVALUATED;
  }

  @Override
  public ObjectNode toJson() {
    EventDataWriter w =
        new EventDataWriter()
            .client(client)
            .sha256("plan_hash", planHash)
            .text("environment", environment)
            .word("verdict", verdict)
            .texts("reasons", reasons);
    policy.ifPresent(p -> w.object("policy", p.toJson()));
    w.integer("history_through", historyThrough);
    return w.node();
  }

  static GateEvaluated read(EventDataReader r) {
    return new GateEvaluated(
        r.client(),
        r.sha256("plan_hash"),
        r.name("environment"),
        r.word("verdict", GateVerdict.class),
        r.texts("reasons"),
        r.optionalObjectReader("policy").map(AppliedPolicy::read),
        r.optionalInteger("history_through", 0, 1L << 53));
  }
}
