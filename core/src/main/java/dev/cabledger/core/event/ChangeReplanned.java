package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A new plan replaces a change's plan; it voids the approvals of the old one.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the new plan file
 * @param previousPlanHash SHA-256 of the plan it replaces
 * @param module the Terraform module or stack, if named
 * @param planSummary a summary of the new plan, if given
 */
public record ChangeReplanned(
    ClientId client,
    Digest planHash,
    Digest previousPlanHash,
    Optional<String> module,
    Optional<String> planSummary)
    implements EventData.OfChange {

  /** A re-plan without a summary (as entries written before the member existed). */
  public ChangeReplanned(
      ClientId client, Digest planHash, Digest previousPlanHash, Optional<String> module) {
    this(client, planHash, previousPlanHash, module, Optional.empty());
  }

  @Override
  public EventType type() {
    return EventType.CHANGE_REPLANNED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .client(client)
        .sha256("plan_hash", planHash)
        .sha256("previous_plan_hash", previousPlanHash)
        .text("module", module)
        .text("plan_summary", planSummary)
        .node();
  }

  static ChangeReplanned read(EventDataReader r) {
    return new ChangeReplanned(
        r.client(),
        r.sha256("plan_hash"),
        r.sha256("previous_plan_hash"),
        r.optionalName("module"),
        r.optionalText("plan_summary"));
  }
}
