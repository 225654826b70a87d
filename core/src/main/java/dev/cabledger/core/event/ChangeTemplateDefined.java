package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import dev.cabledger.core.json.CanonicalJson;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A platform admin defined a standard-change template (docs/formats.md §2.2): a change of its
 * client, module and environment at no more than its risk is approved by rule once the CAB has
 * approved the template. The statement's subject is the template: {@code name} its id, {@code
 * digest.sha256} the SHA-256 of its {@code event_data}'s RFC 8785 bytes, which its approval names.
 *
 * @param templateId the template's id
 * @param client the tenant whose changes it covers
 * @param module the Terraform module or stack
 * @param environment the environment
 * @param maxRisk the highest risk a matching change may have
 * @param title what such a change does, in one line
 * @param description more about it, if given
 */
public record ChangeTemplateDefined(
    UUID templateId,
    ClientId client,
    String module,
    String environment,
    Risk maxRisk,
    String title,
    Optional<String> description)
    implements EventData.OfClient {
  public ChangeTemplateDefined {
    if (module.isBlank() || environment.isBlank() || title.isBlank()) {
      throw new IllegalArgumentException("a template names its module, environment and title");
    }
  }

  /** The statement's subject name: the template's id. */
  public String subjectName() {
    return templateId.toString();
  }

  /** The statement's subject digest: SHA-256 of the RFC 8785 bytes of {@link #toJson()}. */
  public Digest subjectDigest() {
    return Digest.sha256(CanonicalJson.canonicalize(toJson()));
  }

  /**
   * Whether a change of {@code client}, {@code module} and {@code environment} at {@code risk} is
   * within the template: the same target, and a risk no higher than its maximum (a change with no
   * risk assessed is not).
   */
  public boolean covers(
      ClientId client, Optional<String> module, Optional<String> environment, Optional<Risk> risk) {
    return this.client.equals(client)
        && module.equals(Optional.of(this.module))
        && environment.equals(Optional.of(this.environment))
        && risk.map(r -> r.compareTo(maxRisk) <= 0).orElse(false);
  }

  @Override
  public EventType type() {
    return EventType.CHANGE_TEMPLATE_DEFINED;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .uuid("template_id", templateId)
        .client(client)
        .text("module", module)
        .text("environment", environment)
        .word("max_risk", maxRisk)
        .text("title", title)
        .text("description", description)
        .node();
  }

  static ChangeTemplateDefined read(EventDataReader r) {
    return new ChangeTemplateDefined(
        r.uuid("template_id"),
        r.client(),
        r.name("module"),
        r.name("environment"),
        r.word("max_risk", Risk.class),
        r.text("title"),
        r.optionalText("description"));
  }
}
