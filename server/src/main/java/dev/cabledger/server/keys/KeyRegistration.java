package dev.cabledger.server.keys;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The registered key a signed {@code KEY_REGISTERED} statement states (docs/formats.md §2). */
final class KeyRegistration {
  static final String TYPE = "KEY_REGISTERED";

  private KeyRegistration() {}

  /**
   * The key as the statement registers it.
   *
   * @throws IllegalArgumentException if the statement is not a well-formed key registration
   */
  static RegisteredKey key(Statement statement) {
    if (!TYPE.equals(statement.predicate().eventType())) {
      throw new IllegalArgumentException("not a " + TYPE + " statement");
    }
    ObjectNode data = statement.predicate().eventData();
    byte[] spki = Base64.getDecoder().decode(text(data, "public_key"));
    if (!Digest.sha256(spki).equals(statement.subjectDigest())) {
      throw new IllegalArgumentException("the subject digest is not SHA-256 of the public key");
    }
    JsonNode validTo = data.path("valid_to");
    return new RegisteredKey(
        new KeyId(text(data, "key_id")),
        text(data, "algorithm"),
        spki,
        text(data, "owner"),
        text(data, "purpose"),
        instant(text(data, "valid_from")),
        validTo.isString() ? Optional.of(instant(validTo.asString())) : Optional.empty(),
        KeyStatus.ofJson(text(data, "status")));
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an RFC 3339 time: " + text, e);
    }
  }

  private static String text(JsonNode data, String name) {
    JsonNode v = data.path(name);
    if (!v.isString()) {
      throw new IllegalArgumentException("event_data." + name + " is missing or not a string");
    }
    return v.asString();
  }
}
