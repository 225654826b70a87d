package dev.cabledger.core.event;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A freeze (blackout) window was declared for a client's environment.
 *
 * @param freezeId the freeze's id
 * @param client the tenant
 * @param environment the environment it applies to
 * @param startsAt when it starts
 * @param endsAt when it ends, if it is one-off
 * @param reason why
 */
public record FreezeDeclared(
    UUID freezeId,
    ClientId client,
    String environment,
    Instant startsAt,
    Optional<Instant> endsAt,
    String reason)
    implements EventData.OfClient {
  public FreezeDeclared {
    if (endsAt.isPresent() && !endsAt.get().isAfter(startsAt)) {
      throw new IllegalArgumentException("a freeze ends after it starts");
    }
  }

  @Override
  public EventType type() {
    return EventType.FREEZE_DECLARED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .uuid("freeze_id", freezeId)
        .client(client)
        .text("environment", environment)
        .instant("starts_at", startsAt)
        .instant("ends_at", endsAt)
        .text("reason", reason)
        .node();
  }

  static FreezeDeclared read(EventDataReader r) {
    return new FreezeDeclared(
        r.uuid("freeze_id"),
        r.client(),
        r.name("environment"),
        r.instant("starts_at"),
        r.optionalInstant("ends_at"),
        r.text("reason"));
  }
}
