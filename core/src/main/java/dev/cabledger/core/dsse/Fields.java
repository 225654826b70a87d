package dev.cabledger.core.dsse;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Strict access to the members of parsed JSON objects; every failure is {@link Failure#FORMAT}. */
final class Fields {
  private Fields() {}

  /** Checks that the node is an object with exactly these members. */
  static JsonNode object(JsonNode node, String what, List<String> members) {
    if (!node.isObject()) {
      throw format(what + " is not a JSON object");
    }
    for (String name : node.propertyNames()) {
      if (!members.contains(name)) {
        throw format(what + " has an unknown member \"" + name + "\"");
      }
    }
    for (String name : members) {
      if (!node.has(name)) {
        throw format(what + " lacks the member \"" + name + "\"");
      }
    }
    return node;
  }

  static String string(JsonNode object, String name, String what) {
    JsonNode value = object.get(name);
    if (value == null || !value.isString()) {
      throw format(what + "." + name + " is not a string");
    }
    return value.stringValue();
  }

  static String nonEmptyString(JsonNode object, String name, String what) {
    String value = string(object, name, what);
    if (value.isEmpty()) {
      throw format(what + "." + name + " is empty");
    }
    return value;
  }

  static JsonNode array(JsonNode object, String name, String what) {
    JsonNode value = object.get(name);
    if (value == null || !value.isArray()) {
      throw format(what + "." + name + " is not an array");
    }
    return value;
  }

  /** Standard base64 with padding (RFC 4648 §4), in its one canonical spelling. */
  static byte[] base64(JsonNode object, String name, String what) {
    String text = string(object, name, what);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(
          Failure.FORMAT, what + "." + name + " is not standard base64: " + e.getMessage(), e);
    }
    if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
      throw format(what + "." + name + " is not canonical padded standard base64");
    }
    return bytes;
  }

  static VerificationException format(String message) {
    return new VerificationException(Failure.FORMAT, message);
  }
}
