package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pipeline submitted a change request for a Terraform plan.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the plan file
 * @param module the Terraform module or stack, if named
 * @param environment the target environment, if named
 * @param title a one-line summary, if given
 * @param risk the risk class, if assessed
 */
public record ChangeSubmitted(
    ClientId client,
    Digest planHash,
    Optional<String> module,
    Optional<String> environment,
    Optional<String> title,
    Optional<Risk> risk)
    implements EventData.OfChange {
  @Override
  public EventType type() {
    return EventType.CHANGE_SUBMITTED;
  }

  @Override
  public ObjectNode toJson() {
    EventDataWriter w = new EventDataWriter().client(client).sha256("plan_hash", planHash);
    w.text("module", module).text("environment", environment).text("title", title);
    risk.ifPresent(r -> w.word("risk", r));
    return w.node();
  }

  static ChangeSubmitted read(EventDataReader r) {
    return new ChangeSubmitted(
        r.client(),
        r.sha256("plan_hash"),
        r.optionalName("module"),
        r.optionalName("environment"),
        r.optionalText("title"),
        r.optionalWord("risk", Risk.class));
  }
}
