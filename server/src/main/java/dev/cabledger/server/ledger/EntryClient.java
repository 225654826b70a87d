package dev.cabledger.server.ledger;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.server.access.Caller;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The client (tenant) an entry belongs to: its statement's {@code event_data.client}, or every one
 * of a freeze's {@code event_data.clients}.
 */
final class EntryClient {
  private EntryClient() {}

  /**
   * Whether {@code caller} may see the entry. Entries without a client (key registrations) are
   * everyone's; a freeze is seen by callers who see every client it names; an entry whose client
   * cannot be read is shown only to all-client callers, since its tenant is unknown.
   */
  static boolean visibleTo(Caller caller, byte[] entry) {
    JsonNode data;
    try {
      JsonNode statement = CanonicalJson.parse(Envelope.parse(entry).payload());
      data = statement.path("predicate").path("event_data");
    } catch (RuntimeException e) {
      return caller.allClients();
    }
    JsonNode client = data.path("client");
    JsonNode clients = data.path("clients");
    if (!clients.isMissingNode()) {
      // A freeze belongs to every client it names: it shows who else is frozen, so only a caller
      // who sees them all sees the entry.
      if (!client.isMissingNode() || !clients.isArray() || clients.isEmpty()) {
        return caller.allClients();
      }
      for (JsonNode c : clients) {
        if (!c.isString() || !caller.sees(c.asString())) {
          return false;
        }
      }
      return true;
    }
    if (client.isMissingNode()) {
      return caller.sees(Optional.empty());
    }
    return client.isString() ? caller.sees(client.asString()) : caller.allClients();
  }
}
