package dev.cabledger.core.dsse;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.json.CanonicalJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The statement's predicate: an audit-schema event {@code {actor, correlation_id, created_at,
 * event_data, event_type}}.
 *
 * <p>{@code created_at} is RFC 3339 UTC with whole seconds ({@code 2026-04-01T14:30:00Z}) or, when
 * the instant has a millisecond part, milliseconds ({@code 2026-04-01T14:30:00.250Z}); instants
 * finer than a millisecond are rejected so that the signed text and the value agree exactly.
 */
public record Event(
    String correlationId, String eventType, ObjectNode eventData, String actor, Instant createdAt) {
  private static final List<String> MEMBERS =
      List.of("actor", "correlation_id", "created_at", "event_data", "event_type");
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z");
  private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

  /** Validates the fields and deep-copies the event data. */
  public Event {
    requireNonEmpty(correlationId, "correlationId");
    requireNonEmpty(eventType, "eventType");
    requireNonEmpty(actor, "actor");
    if (!createdAt.truncatedTo(ChronoUnit.MILLIS).equals(createdAt)) {
      throw new IllegalArgumentException(
          "createdAt must have at most millisecond precision, got " + createdAt);
    }
    if (createdAt.isBefore(MIN) || createdAt.isAfter(MAX)) {
      throw new IllegalArgumentException("createdAt is outside years 0000-9999: " + createdAt);
    }
    eventData = eventData.deepCopy();
  }

  /** A copy of the event data. */
  @Override
  public ObjectNode eventData() {
    return eventData.deepCopy();
  }

  ObjectNode toJson() {
    ObjectNode node = CanonicalJson.mapper().createObjectNode();
    node.put("actor", actor);
    node.put("correlation_id", correlationId);
    node.put("created_at", createdAt.toString());
    node.set("event_data", eventData.deepCopy());
    node.put("event_type", eventType);
    return node;
  }

  static Event fromJson(JsonNode node) {
    String what = "statement.predicate";
    Fields.object(node, what, MEMBERS);
    JsonNode data = node.get("event_data");
    if (!(data instanceof ObjectNode eventData)) {
      throw Fields.format(what + ".event_data is not an object");
    }
    String text = Fields.string(node, "created_at", what);
    Instant createdAt = parseTimestamp(text, what + ".created_at");
    try {
      return new Event(
          Fields.string(node, "correlation_id", what),
          Fields.string(node, "event_type", what),
          eventData,
          Fields.string(node, "actor", what),
          createdAt);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Failure.FORMAT, what + ": " + e.getMessage(), e);
    }
  }

  // RFC 3339 §5.6 date-time, restricted to "Z" and to 0 or 3 fraction digits, in the one spelling
  // Instant.toString gives (no ".000").
  private static Instant parseTimestamp(String text, String what) {
    if (!TIMESTAMP.matcher(text).matches()) {
      throw Fields.format(what + " is not an RFC 3339 UTC time like 2026-04-01T14:30:00Z: " + text);
    }
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new VerificationException(Failure.FORMAT, what + " is not a valid time: " + text, e);
    }
    if (!instant.toString().equals(text)) {
      throw Fields.format(what + " is not in canonical form " + instant + ": " + text);
    }
    return instant;
  }

  private static void requireNonEmpty(String value, String name) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
