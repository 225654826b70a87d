package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Writes {@code event_data} in the one form {@link EventDataReader} reads back. */
final class EventDataWriter {
  private final ObjectNode node = JsonNodeFactory.instance.objectNode();

  EventDataWriter text(String name, String value) {
    node.put(name, value);
    return this;
  }

  EventDataWriter text(String name, Optional<String> value) {
    value.ifPresent(v -> node.put(name, v));
    return this;
  }

  EventDataWriter client(ClientId client) {
    return text("client", client.value());
  }

  EventDataWriter client(Optional<ClientId> client) {
    client.ifPresent(this::client);
    return this;
  }

  EventDataWriter sha256(String name, Digest value) {
    return text(name, value.hex());
  }

  EventDataWriter sha256(String name, Optional<Digest> value) {
    return text(name, value.map(Digest::hex));
  }

  EventDataWriter uuid(String name, UUID value) {
    return text(name, value.toString());
  }

  EventDataWriter uuid(String name, Optional<UUID> value) {
    return text(name, value.map(UUID::toString));
  }

  EventDataWriter instant(String name, Instant value) {
    return text(name, value.toString());
  }

  EventDataWriter instant(String name, Optional<Instant> value) {
    return text(name, value.map(Instant::toString));
  }

  EventDataWriter keyId(String name, KeyId value) {
    return text(name, value.value());
  }

  EventDataWriter base64(String name, byte[] value) {
    return text(name, Base64.getEncoder().encodeToString(value));
  }

  EventDataWriter word(String name, JsonWord value) {
    return text(name, value.json());
  }

  /** An empty list is left out, as the reader reads an absent list as empty. */
  EventDataWriter texts(String name, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode array = node.putArray(name);
      values.forEach(array::add);
    }
    return this;
  }

  EventDataWriter integer(String name, Optional<Long> value) {
    value.ifPresent(v -> node.put(name, v.longValue()));
    return this;
  }

  EventDataWriter integer(String name, long value) {
    node.put(name, value);
    return this;
  }

  EventDataWriter bool(String name, boolean value) {
    node.put(name, value);
    return this;
  }

  EventDataWriter object(String name, JsonNode value) {
    node.set(name, value.deepCopy());
    return this;
  }

  ObjectNode node() {
    return node.deepCopy();
  }
}
