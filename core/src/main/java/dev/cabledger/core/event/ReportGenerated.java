package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service generated a report; the record binds the report's bytes to the log.
 *
 * @param reportId the report's id
 * @param mediaType its media type, e.g. {@code application/pdf}
 * @param reportHash SHA-256 of the report's bytes
 * @param client the client it was filtered to, if any
 */
public record ReportGenerated(
    UUID reportId, String mediaType, Digest reportHash, Optional<ClientId> client)
    implements EventData {
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
        .node();
  }

  static ReportGenerated read(EventDataReader r) {
    return new ReportGenerated(
        r.uuid("report_id"), r.name("media_type"), r.sha256("report_hash"), r.optionalClient());
  }
}
