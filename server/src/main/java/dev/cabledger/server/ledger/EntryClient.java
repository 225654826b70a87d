package dev.cabledger.server.ledger;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.server.access.Caller;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The client (tenant) an entry belongs to: its statement's {@code event_data.client}, or every one
 * of its {@code event_data.clients} (a freeze's; a report's: the clients it covers).
 */
public final class EntryClient {
  private EntryClient() {}

  /**
   * Whether {@code caller} may see the entry. Entries without a client (key registrations) are
   * everyone's; a freeze is seen by callers who see every client it names; an entry whose client
   * cannot be read is shown only to all-client callers, since its tenant is unknown.
   */
  public static boolean visibleTo(Caller caller, byte[] entry) {
    JsonNode predicate;
    try {
      predicate = CanonicalJson.parse(Envelope.parse(entry).payload()).path("predicate");
    } catch (RuntimeException e) {
      return caller.allClients();
    }
    JsonNode data = predicate.path("event_data");
    JsonNode client = data.path("client");
    JsonNode clients = data.path("clients");
    boolean report = "REPORT_GENERATED".equals(predicate.path("event_type").asString(""));
    if (!clients.isMissingNode() || (report && client.isMissingNode())) {
      // A freeze, or a report over several clients, belongs to every client it names: it shows
      // who else is named, so only a caller who sees them all sees the entry.
      return client.isMissingNode() ? seesEvery(caller, clients) : caller.allClients();
    }
    if (client.isMissingNode()) {
      return caller.sees(Optional.empty());
    }
    return client.isString() ? caller.sees(client.asString()) : caller.allClients();
  }

  /**
   * Whether the caller sees every client named; naming none (a report over every client) or naming
   * them wrongly leaves the entry to all-client callers.
   */
  private static boolean seesEvery(Caller caller, JsonNode clients) {
    if (!clients.isArray() || clients.isEmpty()) {
      return caller.allClients();
    }
    for (JsonNode c : clients) {
      if (!c.isString() || !caller.sees(c.asString())) {
        return false;
      }
    }
    return true;
  }
}
