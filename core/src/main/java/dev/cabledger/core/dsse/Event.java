package dev.cabledger.core.dsse;

import dev.cabledger.core.Chars;
import dev.cabledger.core.UtcTime;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.json.CanonicalJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The statement's predicate: an audit-schema event {@code {actor, actor_issuer, actor_roles,
 * correlation_id, created_at, event_data, event_type}} (docs/formats.md §2), whose {@code
 * event_data} is one type of the event catalog ({@link EventData}).
 *
 * <p>{@code created_at} is RFC 3339 UTC with whole seconds ({@code 2026-04-01T14:30:00Z}) or, when
 * the instant has a millisecond part, milliseconds ({@code 2026-04-01T14:30:00.250Z}); instants
 * finer than a millisecond are rejected so that the signed text and the value agree exactly.
 *
 * @param correlationId ties related events together
 * @param data the typed event ({@code event_type} and {@code event_data})
 * @param actor who caused it, with the roles and issuer that authenticated it
 * @param createdAt when
 */
public record Event(String correlationId, EventData data, Actor actor, Instant createdAt) {
  private static final List<String> MEMBERS =
      List.of(
          "actor",
          "actor_issuer",
          "actor_roles",
          "correlation_id",
          "created_at",
          "event_data",
          "event_type");
  private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

  /**
   * Bound, while {@link #fromJson} builds an event, to the event data it has just read: that data
   * is what the strict reader made of signed text, so reading it back once more (what the
   * constructor does for data built in code) would only repeat the read, a third of a statement's
   * parse on every entry a report or the gate reads.
   */
  private static final ScopedValue<EventData> JUST_READ = ScopedValue.newInstance();

  /**
   * Validates the fields; the event data must be one the catalog reads back unchanged, so an event
   * that can be built can be verified.
   */
  public Event {
    if (!Chars.printable(correlationId, 256) || correlationId.isBlank()) {
      throw new IllegalArgumentException(
          "correlationId must be 1 to 256 characters without control characters");
    }
    if (!createdAt.truncatedTo(ChronoUnit.MILLIS).equals(createdAt)) {
      throw new IllegalArgumentException(
          "createdAt must have at most millisecond precision, got " + createdAt);
    }
    if (createdAt.isBefore(MIN) || createdAt.isAfter(MAX)) {
      throw new IllegalArgumentException("createdAt is outside years 0000-9999: " + createdAt);
    }
    if (!(JUST_READ.isBound() && JUST_READ.get() == data)) {
      EventData.requireParsable(data);
    }
  }

  /** The event's type. */
  public EventType eventType() {
    return data.type();
  }

  ObjectNode toJson() {
    ObjectNode node = CanonicalJson.mapper().createObjectNode();
    node.put("actor", actor.subject());
    node.put("actor_issuer", actor.issuer());
    ArrayNode roles = node.putArray("actor_roles");
    actor.roles().forEach(roles::add);
    node.put("correlation_id", correlationId);
    node.put("created_at", createdAt.toString());
    node.set("event_data", data.toJson());
    node.put("event_type", data.type().name());
    return node;
  }

  static Event fromJson(JsonNode node) {
    String what = "statement.predicate";
    Fields.object(node, what, MEMBERS);
    String text = Fields.string(node, "created_at", what);
    Instant createdAt = parseTimestamp(text, what + ".created_at");
    EventType type = EventType.of(Fields.string(node, "event_type", what));
    EventData data = EventData.parse(type, node.get("event_data"));
    JsonNode rolesNode = Fields.array(node, "actor_roles", what);
    List<String> roles = new ArrayList<>(rolesNode.size());
    for (JsonNode role : rolesNode) {
      if (!role.isString()) {
        throw Fields.format(what + ".actor_roles holds a value that is not a string");
      }
      roles.add(role.stringValue());
    }
    try {
      Actor actor =
          new Actor(
              Fields.string(node, "actor", what), roles, Fields.string(node, "actor_issuer", what));
      String correlationId = Fields.string(node, "correlation_id", what);
      return ScopedValue.where(JUST_READ, data)
          .call(() -> new Event(correlationId, data, actor, createdAt));
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Failure.FORMAT, what + ": " + e.getMessage(), e);
    }
  }

  // RFC 3339 §5.6 date-time, restricted to "Z" and to 0 or 3 fraction digits, in the one spelling
  // Instant.toString gives (no ".000").
  private static Instant parseTimestamp(String text, String what) {
    Optional<Instant> at = UtcTime.parse(text);
    if (at.isPresent()) {
      return at.get();
    }
    // Why not: the shape, or else in the words of the time's own parser.
    if (!Chars.utcTimeShape(text)) {
      throw Fields.format(what + " is not an RFC 3339 UTC time like 2026-04-01T14:30:00Z: " + text);
    }
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new VerificationException(Failure.FORMAT, what + " is not a valid time: " + text, e);
    }
    throw Fields.format(what + " is not in canonical form " + instant + ": " + text);
  }
}
