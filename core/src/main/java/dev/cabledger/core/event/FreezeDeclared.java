package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import dev.cabledger.core.freeze.FreezeWindow;
import dev.cabledger.core.json.CanonicalJson;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A freeze (blackout) was declared: while one of its windows holds, the gate blocks changes of its
 * clients in its environments (docs/formats.md §2.1). The statement's subject is the freeze: {@code
 * name} its id, {@code digest.sha256} the SHA-256 of its {@code event_data}'s RFC 8785 bytes.
 *
 * @param freezeId the freeze's id
 * @param clients the tenants it holds, each once (it belongs to all of them)
 * @param environments the environments it holds, each once
 * @param window when it holds: one window, or recurring ones
 * @param reason why
 */
public record FreezeDeclared(
    UUID freezeId,
    List<ClientId> clients,
    List<String> environments,
    FreezeWindow window,
    String reason)
    implements EventData {
  public FreezeDeclared {
    clients = List.copyOf(clients);
    environments = List.copyOf(environments);
    if (clients.isEmpty() || environments.isEmpty()) {
      throw new IllegalArgumentException("a freeze names at least one client and one environment");
    }
    if (new HashSet<>(clients).size() != clients.size()
        || new HashSet<>(environments).size() != environments.size()) {
      throw new IllegalArgumentException("a freeze names each client and environment once");
    }
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a freeze needs a reason");
    }
  }

  /** The statement's subject name: the freeze's id. */
  public String subjectName() {
    return freezeId.toString();
  }

  /** The statement's subject digest: SHA-256 of the RFC 8785 bytes of {@link #toJson()}. */
  public Digest subjectDigest() {
    return Digest.sha256(CanonicalJson.canonicalize(toJson()));
  }

  /** Whether the freeze is about changes of {@code client} in {@code environment}. */
  public boolean holds(ClientId client, String environment) {
    return clients.contains(client) && environments.contains(environment);
  }

  @Override
  public EventType type() {
    return EventType.FREEZE_DECLARED;
  }

  @Override
  public ObjectNode toJson() {
    EventDataWriter w =
        new EventDataWriter()
            .uuid("freeze_id", freezeId)
            .texts("clients", clients.stream().map(ClientId::value).toList())
            .texts("environments", environments)
            .text("reason", reason);
    switch (window) {
      case FreezeWindow.OneOff o -> w.instant("start", o.start()).instant("end", o.end());
      case FreezeWindow.Recurring r ->
          w.text("cron", r.cron().text())
              .text("duration", r.duration())
              .text("time_zone", r.timeZone().getId());
    }
    return w.node();
  }

  static FreezeDeclared read(EventDataReader r) {
    UUID id = r.uuid("freeze_id");
    List<ClientId> clients = r.clients("clients");
    List<String> environments = r.names("environments");
    Optional<Instant> start = r.optionalInstant("start");
    Optional<Instant> end = r.optionalInstant("end");
    Optional<String> cron = r.optionalText("cron");
    Optional<String> duration = r.optionalText("duration");
    Optional<String> zone = r.optionalText("time_zone");
    FreezeWindow window;
    if (start.isPresent()
        && end.isPresent()
        && cron.isEmpty()
        && duration.isEmpty()
        && zone.isEmpty()) {
      window = new FreezeWindow.OneOff(start.get(), end.get());
    } else if (cron.isPresent()
        && duration.isPresent()
        && zone.isPresent()
        && start.isEmpty()
        && end.isEmpty()) {
      window = FreezeWindow.Recurring.of(cron.get(), duration.get(), zone.get());
    } else {
      throw EventDataReader.format(
          "event_data of FREEZE_DECLARED has either start and end, or cron, duration and"
              + " time_zone");
    }
    return new FreezeDeclared(id, clients, environments, window, r.text("reason"));
  }
}
