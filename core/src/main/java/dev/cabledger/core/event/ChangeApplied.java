package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plan was applied to an environment.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the applied plan file
 * @param environment where it was applied
 * @param module the change's Terraform module or stack when it was applied, if it names one: with
 *     the client and the environment, the target whose other changes the apply makes stale
 */
public record ChangeApplied(
    ClientId client, Digest planHash, String environment, Optional<String> module)
    implements EventData.OfChange {

  /** An apply that names no module (as entries written before the member existed). */
  public ChangeApplied(ClientId client, Digest planHash, String environment) {
    this(client, planHash, environment, Optional.empty());
  }

  @Override
  public EventType type() {
    return EventType.CHANGE_APPLIED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .client(client)
        .sha256("plan_hash", planHash)
        .text("environment", environment)
        .text("module", module)
        .node();
  }

  static ChangeApplied read(EventDataReader r) {
    return new ChangeApplied(
        r.client(), r.sha256("plan_hash"), r.name("environment"), r.optionalName("module"));
  }
}
