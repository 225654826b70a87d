package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service generated a report; the record binds the report's bytes to the log, with what it
 * selected and the checkpoint its entries were verified against. The statement's subject is the
 * report: name = report id, digest = the report's SHA-256 (docs/formats.md §2).
 *
 * @param reportId the report's id
 * @param mediaType its media type, e.g. {@code application/json}
 * @param reportHash SHA-256 of the report's bytes
 * @param client the one client it was filtered to, if any
 * @param clients the clients it covers when it was limited to a caller's scope without naming one
 *     client (sorted, each once); empty together with {@code client} for a report of every client
 * @param periodFrom the start of the period (included)
 * @param periodTo the end of the period (excluded)
 * @param riskLevel the risk level it was filtered to, if any
 * @param approver the approver it was filtered to, if any
 * @param checkpointSize the tree size of the checkpoint its entries were verified against
 * @param checkpointRootHash that checkpoint's root hash
 */
public record ReportGenerated(
    UUID reportId,
    String mediaType,
    Digest reportHash,
    Optional<ClientId> client,
    List<ClientId> clients,
    Instant periodFrom,
    Instant periodTo,
    Optional<Risk> riskLevel,
    Optional<String> approver,
    long checkpointSize,
    Digest checkpointRootHash)
    implements EventData {
  public ReportGenerated {
    clients = List.copyOf(clients);
    if (client.isPresent() && !clients.isEmpty()) {
      throw new IllegalArgumentException("a report names one client or the clients it covers");
    }
    List<String> names = new ArrayList<>(clients.stream().map(ClientId::value).toList());
    if (!names.equals(names.stream().sorted().distinct().toList())) {
      throw new IllegalArgumentException("clients must be sorted, each once");
    }
    if (!periodFrom.isBefore(periodTo)) {
      throw new IllegalArgumentException("period_from must be before period_to");
    }
    if (checkpointSize < 1) {
      throw new IllegalArgumentException("checkpoint_size is the size of a checkpoint, at least 1");
    }
  }

  @Override
  public Optional<ClientId> tenant() {
    return client;
  }

  @Override
  public EventType type() {
    return EventType.REPORT_GENERATED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .uuid("report_id", reportId)
        .text("media_type", mediaType)
        .sha256("report_hash", reportHash)
        .client(client)
        .texts("clients", clients.stream().map(ClientId::value).toList())
        .instant("period_from", periodFrom)
        .instant("period_to", periodTo)
        .text("risk_level", riskLevel.map(Risk::json))
        .text("approver", approver)
        .integer("checkpoint_size", checkpointSize)
        .sha256("checkpoint_root_hash", checkpointRootHash)
        .node();
  }

  static ReportGenerated read(EventDataReader r) {
    List<ClientId> clients = new ArrayList<>();
    for (String c : r.texts("clients")) {
      clients.add(new ClientId(c));
    }
    return new ReportGenerated(
        r.uuid("report_id"),
        r.name("media_type"),
        r.sha256("report_hash"),
        r.optionalClient(),
        clients,
        r.instant("period_from"),
        r.instant("period_to"),
        r.optionalWord("risk_level", Risk.class),
        r.optionalName("approver"),
        r.integer("checkpoint_size", 1, 1L << 53),
        r.sha256("checkpoint_root_hash"));
  }
}
