package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * One platform admin or CAB approver approved an emergency change (break-glass; docs/formats.md
 * §2.2). It stands in for the quorum of that plan; the change then owes a retrospective CAB
 * decision.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the plan file approved
 * @param approver who approved; must be the statement's actor
 * @param approverRole the role it approved in: {@code PLATFORM_ADMIN} or {@code CAB_APPROVER}
 */
public record EmergencyApproved(
    ClientId client, Digest planHash, String approver, String approverRole)
    implements EventData.OfChange {
  /** The roles that may approve an emergency change. */
  public static final Set<String> ROLES = Set.of("PLATFORM_ADMIN", "CAB_APPROVER");

  public EmergencyApproved {
    if (!ROLES.contains(approverRole)) {
      throw new IllegalArgumentException(
          "approver_role of an emergency approval is PLATFORM_ADMIN or CAB_APPROVER");
    }
  }

  @Override
  public Optional<String> statedActor() {
    return Optional.of(approver);
  }

  @Override
  public EventType type() {
    return EventType.EMERGENCY_APPROVED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .client(client)
        .sha256("plan_hash", planHash)
        .text("approver", approver)
        .text("approver_role", approverRole)
        .node();
  }

  static EmergencyApproved read(EventDataReader r) {
    return new EmergencyApproved(
        r.client(), r.sha256("plan_hash"), r.name("approver"), r.name("approver_role"));
  }
}
