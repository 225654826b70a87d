package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CAB approver approved a standard-change template once (docs/formats.md §2.2). The statement's
 * subject is the template: {@code name} its id, {@code digest.sha256} the digest of the definition
 * approved ({@link ChangeTemplateDefined#subjectDigest()}), so the approval binds those exact
 * terms.
 *
 * @param templateId the template approved
 * @param client its tenant
 * @param definition the SHA-256 of the definition's {@code event_data} (RFC 8785 bytes)
 * @param approver the CAB approver; must be the statement's actor
 */
public record ChangeTemplateApproved(
    UUID templateId, ClientId client, Digest definition, String approver)
    implements EventData.OfClient {
  @Override
  public Optional<String> statedActor() {
    return Optional.of(approver);
  }

  @Override
  public EventType type() {
    return EventType.CHANGE_TEMPLATE_APPROVED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .uuid("template_id", templateId)
        .client(client)
        .sha256("definition", definition)
        .text("approver", approver)
        .node();
  }

  static ChangeTemplateApproved read(EventDataReader r) {
    return new ChangeTemplateApproved(
        r.uuid("template_id"), r.client(), r.sha256("definition"), r.name("approver"));
  }
}
