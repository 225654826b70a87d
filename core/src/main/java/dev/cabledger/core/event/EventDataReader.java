package dev.cabledger.core.event;

import dev.cabledger.core.Chars;
import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.UtcTime;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the members of one {@code event_data} object strictly (docs/formats.md §2): member names
 * are snake_case, every value is within {@link EventLimits}, absent optional members are left out
 * (never {@code null}), and {@link #end()} rejects members the event type does not define.
 */
final class EventDataReader {
  private static final String RULE = " (docs/formats.md §2)";

  private final JsonNode node;
  private final String what;
  private final Set<String> read = new HashSet<>();

  EventDataReader(JsonNode node, String what) {
    this.node = node;
    this.what = what;
    if (!node.isObject()) {
      throw format(what + " is not a JSON object");
    }
    checkTree(node, what, 1);
  }

  /** A required string within the length limit. */
  String text(String name) {
    return optionalText(name).orElseThrow(() -> missing(name));
  }

  Optional<String> optionalText(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isString() || v.stringValue().isBlank()) {
      throw format(what + "." + name + " is not a non-blank string");
    }
    return Optional.of(v.stringValue());
  }

  /** A required short name (principal, id, module): no control characters, at most 256. */
  String name(String name) {
    return optionalName(name).orElseThrow(() -> missing(name));
  }

  Optional<String> optionalName(String name) {
    Optional<String> text = optionalText(name);
    text.ifPresent(
        t -> {
          if (t.length() > EventLimits.MAX_NAME_LENGTH || !Chars.printable(t, Integer.MAX_VALUE)) {
            throw format(
                what + "." + name + " must be 1 to 256 characters without control characters");
          }
        });
    return text;
  }

  ClientId client() {
    String text = name("client");
    try {
      return new ClientId(text);
    } catch (IllegalArgumentException e) {
      throw format(what + ".client: " + e.getMessage());
    }
  }

  Optional<ClientId> optionalClient() {
    return value("client") == null ? Optional.empty() : Optional.of(client());
  }

  /** A SHA-256 digest as 64 lower-case hex digits. */
  Digest sha256(String name) {
    return optionalSha256(name).orElseThrow(() -> missing(name));
  }

  Optional<Digest> optionalSha256(String name) {
    return optionalText(name)
        .map(
            hex -> {
              if (!Chars.lowerHex(hex, 64)) {
                throw format(what + "." + name + " is not 64 lower-case hex digits (SHA-256)");
              }
              return Digest.fromHex(hex);
            });
  }

  /** A UUID in its canonical lower-case form. */
  UUID uuid(String name) {
    return optionalUuid(name).orElseThrow(() -> missing(name));
  }

  Optional<UUID> optionalUuid(String name) {
    return optionalText(name)
        .map(
            text -> {
              try {
                UUID id = UUID.fromString(text);
                if (id.toString().equals(text)) {
                  return id;
                }
              } catch (IllegalArgumentException e) {
                // reported below
              }
              throw format(what + "." + name + " is not a UUID in canonical lower-case form");
            });
  }

  /** RFC 3339 UTC with 0 or 3 fraction digits, in the spelling {@link Instant#toString} gives. */
  Instant instant(String name) {
    return optionalInstant(name).orElseThrow(() -> missing(name));
  }

  Optional<Instant> optionalInstant(String name) {
    return optionalText(name)
        .map(
            text -> {
              Optional<Instant> at = UtcTime.parse(text);
              if (at.isPresent()) {
                return at.get();
              }
              throw format(
                  what + "." + name + " is not an RFC 3339 UTC time like 2026-04-01T14:30:00Z");
            });
  }

  KeyId keyId(String name) {
    String text = name(name);
    try {
      return new KeyId(text);
    } catch (IllegalArgumentException e) {
      throw format(what + "." + name + " is not a valid key id: " + e.getMessage());
    }
  }

  /** Standard padded base64 in its one canonical spelling. */
  byte[] base64(String name) {
    String text = text(name);
    try {
      byte[] bytes = Base64.getDecoder().decode(text);
      if (Base64.getEncoder().encodeToString(bytes).equals(text)) {
        return bytes;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw format(what + "." + name + " is not canonical padded standard base64");
  }

  /** One of the given lower-case words. */
  <E extends Enum<E> & JsonWord> E word(String name, Class<E> type) {
    String text = text(name);
    for (E e : type.getEnumConstants()) {
      if (e.json().equals(text)) {
        return e;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.json());
    }
    throw format(what + "." + name + " is \"" + text + "\", expected one of " + allowed);
  }

  <E extends Enum<E> & JsonWord> Optional<E> optionalWord(String name, Class<E> type) {
    return node.has(name) ? Optional.of(word(name, type)) : Optional.<E>empty();
  }

  /** An array of non-blank strings; absent means empty (and an empty array is not written). */
  List<String> texts(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray() || v.isEmpty()) {
      throw format(
          what + "." + name + " is not a non-empty array of strings; leave an empty list out");
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isString() || e.stringValue().isBlank()) {
        throw format(what + "." + name + " holds a value that is not a non-blank string");
      }
      out.add(e.stringValue());
    }
    return List.copyOf(out);
  }

  /** A required, non-empty array of distinct names ({@link #name}: environments, principals). */
  List<String> names(String name) {
    JsonNode v = value(name);
    if (v == null) {
      throw missing(name);
    }
    if (!v.isArray() || v.isEmpty()) {
      throw format(what + "." + name + " is not a non-empty array of strings");
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isString()
          || e.stringValue().isBlank()
          || e.stringValue().length() > EventLimits.MAX_NAME_LENGTH
          || !Chars.printable(e.stringValue(), Integer.MAX_VALUE)) {
        throw format(
            what
                + "."
                + name
                + " holds a value that is not 1 to 256 characters without control characters");
      }
      if (out.contains(e.stringValue())) {
        throw format(what + "." + name + " holds \"" + e.stringValue() + "\" twice");
      }
      out.add(e.stringValue());
    }
    return List.copyOf(out);
  }

  /** A required, non-empty array of distinct clients. */
  List<ClientId> clients(String name) {
    List<ClientId> out = new ArrayList<>();
    for (String text : names(name)) {
      try {
        out.add(new ClientId(text));
      } catch (IllegalArgumentException e) {
        throw format(what + "." + name + ": " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  /** A whole number in [min, max]. */
  Optional<Long> optionalInteger(String name, long min, long max) {
    JsonNode v = value(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw format(what + "." + name + " is not a whole number from " + min + " to " + max);
    }
    return Optional.of(v.asLong());
  }

  /** A required whole number in [min, max]. */
  long integer(String name, long min, long max) {
    return optionalInteger(name, min, max).orElseThrow(() -> missing(name));
  }

  /** A required {@code true} or {@code false}. */
  boolean bool(String name) {
    JsonNode v = value(name);
    if (v == null) {
      throw missing(name);
    }
    if (!v.isBoolean()) {
      throw format(what + "." + name + " is not true or false");
    }
    return v.booleanValue();
  }

  /**
   * A required object with members of its own, read as strictly as this one; the caller ends it
   * ({@link #end()}) once it has read every member it defines.
   */
  EventDataReader objectReader(String name) {
    return optionalObjectReader(name).orElseThrow(() -> missing(name));
  }

  Optional<EventDataReader> optionalObjectReader(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw format(what + "." + name + " is not a JSON object");
    }
    return Optional.of(new EventDataReader(v, what + "." + name));
  }

  /** A free-form object, already checked against the limits and the snake_case rule. */
  ObjectNode object(String name) {
    JsonNode v = value(name);
    if (v == null) {
      throw missing(name);
    }
    if (!(v instanceof ObjectNode object)) {
      throw format(what + "." + name + " is not a JSON object");
    }
    return object.deepCopy();
  }

  /** Rejects every member no reader method asked for. */
  void end() {
    for (String name : node.propertyNames()) {
      if (!read.contains(name)) {
        throw format(what + " has a member \"" + name + "\" that this event type does not define");
      }
    }
  }

  private JsonNode value(String name) {
    read.add(name);
    JsonNode v = node.get(name);
    if (v != null && v.isNull()) {
      throw format(what + "." + name + " is null; leave an absent value out");
    }
    return v;
  }

  private VerificationException missing(String name) {
    return format(what + " lacks the member \"" + name + "\"");
  }

  /**
   * The limits and the naming rule, over the whole tree: depth, members per object and elements per
   * array, string length, snake_case member names, and numbers that are whole and exact in a double
   * (RFC 8785 §3.2.2.3 writes numbers as doubles; a fraction would make the signed text and the
   * value a reader sees differ).
   */
  private static void checkTree(JsonNode node, String path, int depth) {
    if (depth > EventLimits.MAX_DEPTH) {
      throw format(path + " nests deeper than " + EventLimits.MAX_DEPTH + " levels");
    }
    switch (node.getNodeType()) {
      case OBJECT -> {
        if (node.size() > EventLimits.MAX_MEMBERS) {
          throw format(path + " has more than " + EventLimits.MAX_MEMBERS + " members");
        }
        for (var member : node.properties()) {
          String name = member.getKey();
          if (!Chars.snakeCase(name) || name.length() > 64) {
            throw format(path + " has a member \"" + name + "\" that is not snake_case" + RULE);
          }
          checkTree(member.getValue(), path + "." + name, depth + 1);
        }
      }
      case ARRAY -> {
        if (node.size() > EventLimits.MAX_MEMBERS) {
          throw format(path + " has more than " + EventLimits.MAX_MEMBERS + " elements");
        }
        int i = 0;
        for (JsonNode element : node.values()) {
          checkTree(element, path + "[" + i++ + "]", depth + 1);
        }
      }
      case STRING -> {
        if (node.stringValue().length() > EventLimits.MAX_STRING_LENGTH) {
          throw format(path + " is longer than " + EventLimits.MAX_STRING_LENGTH + " characters");
        }
      }
      case NUMBER -> {
        if (!node.isIntegralNumber()
            || !node.canConvertToLong()
            || Math.abs(node.asLong()) > (1L << 53)) {
          throw format(path + " is not a whole number within ±2^53");
        }
      }
      case BOOLEAN -> {}
      case NULL -> throw format(path + " is null; leave an absent value out");
      default -> throw format(path + " holds a " + node.getNodeType() + ", not a JSON value");
    }
  }

  static VerificationException format(String message) {
    return new VerificationException(Failure.FORMAT, message);
  }
}
