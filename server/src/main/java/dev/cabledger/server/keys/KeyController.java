package dev.cabledger.server.keys;

import dev.cabledger.core.registry.RegisteredKey;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /api/keys}: the key registry, public so anyone can verify. */
@RestController
@RequestMapping("/api/keys")
class KeyController {
  private final KeyRegistry registry;

  KeyController(KeyRegistry registry) {
    this.registry = registry;
  }

  @GetMapping
  ObjectNode keys() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    var array = body.putArray("keys");
    for (RegisteredKey key : registry.all()) {
      array.add(key.toJson());
    }
    return body;
  }
}
