package dev.cabledger.server.ledger;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.server.access.Caller;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The client (tenant) an entry belongs to: its statement's {@code event_data.client}. */
final class EntryClient {
  private EntryClient() {}

  /**
   * Whether {@code caller} may see the entry. Entries without a client (key registrations) are
   * everyone's; an entry whose client cannot be read is shown only to all-client callers, since its
   * tenant is unknown.
   */
  static boolean visibleTo(Caller caller, byte[] entry) {
    JsonNode client;
    try {
      JsonNode statement = CanonicalJson.parse(Envelope.parse(entry).payload());
      client = statement.path("predicate").path("event_data").path("client");
    } catch (RuntimeException e) {
      return caller.allClients();
    }
    if (client.isMissingNode()) {
      return caller.sees(Optional.empty());
    }
    return client.isString() ? caller.sees(client.asString()) : caller.allClients();
  }
}
