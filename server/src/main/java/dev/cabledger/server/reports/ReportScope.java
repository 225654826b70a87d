package dev.cabledger.server.reports;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.server.access.Caller;
import java.util.Set;

/**
 * Whose records a report may hold: the clients of the caller who asks for it.
 *
 * @param allClients whether every client's
 * @param clients the clients, when not every client's
 */
public record ReportScope(boolean allClients, Set<String> clients) {
  /** Every client's records: the scope of a report made beside the database. */
  public static final ReportScope ALL = new ReportScope(true, Set.of());

  public ReportScope {
    clients = Set.copyOf(clients);
  }

  /** The scope of a caller's token. */
  public static ReportScope of(Caller caller) {
    return new ReportScope(caller.allClients(), caller.clients());
  }

  boolean sees(ClientId client) {
    return allClients || clients.contains(client.value());
  }
}
