package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pipeline submitted a change request for a Terraform plan. The requester is the statement's
 * actor; the change request id is the statement's subject name.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the plan file
 * @param module the Terraform module or stack, if named
 * @param environment the target environment, if named
 * @param title a one-line summary, if given
 * @param risk the risk class, if assessed
 * @param riskScore the risk score (0 to 100), if assessed
 * @param riskFactors what the risk assessment found
 * @param planSummary a summary of the plan, if given
 * @param rollbackPlan how to undo the change, if given
 * @param evidence the evidence the pipeline gave
 * @param changeType normal, standard or emergency ({@code change_type}, left out for normal, as in
 *     entries written before change types)
 * @param templateId the template a standard change claims to match; present exactly for one
 * @param emergencyReason why an emergency change cannot wait; present exactly for one
 */
public record ChangeSubmitted(
    ClientId client,
    Digest planHash,
    Optional<String> module,
    Optional<String> environment,
    Optional<String> title,
    Optional<Risk> risk,
    Optional<Long> riskScore,
    List<String> riskFactors,
    Optional<String> planSummary,
    Optional<String> rollbackPlan,
    ChangeEvidence evidence,
    ChangeType changeType,
    Optional<UUID> templateId,
    Optional<String> emergencyReason)
    implements EventData.OfChange {
  public ChangeSubmitted {
    riskFactors = List.copyOf(riskFactors);
    if (riskScore.isPresent() && (riskScore.get() < 0 || riskScore.get() > 100)) {
      throw new IllegalArgumentException("risk_score must be from 0 to 100");
    }
    if (templateId.isPresent() != (changeType == ChangeType.STANDARD)) {
      throw new IllegalArgumentException(
          "template_id is given exactly when change_type is standard");
    }
    if (emergencyReason.isPresent() != (changeType == ChangeType.EMERGENCY)) {
      throw new IllegalArgumentException(
          "emergency_reason is given exactly when change_type is emergency");
    }
    if (emergencyReason.isPresent() && emergencyReason.get().isBlank()) {
      throw new IllegalArgumentException("emergency_reason must say why the change cannot wait");
    }
  }

  /** A normal change (the type of every change before change types). */
  public ChangeSubmitted(
      ClientId client,
      Digest planHash,
      Optional<String> module,
      Optional<String> environment,
      Optional<String> title,
      Optional<Risk> risk,
      Optional<Long> riskScore,
      List<String> riskFactors,
      Optional<String> planSummary,
      Optional<String> rollbackPlan,
      ChangeEvidence evidence) {
    this(
        client,
        planHash,
        module,
        environment,
        title,
        risk,
        riskScore,
        riskFactors,
        planSummary,
        rollbackPlan,
        evidence,
        ChangeType.NORMAL,
        Optional.empty(),
        Optional.empty());
  }

  /** This change as a standard change claiming to match a template. */
  public ChangeSubmitted asStandard(UUID template) {
    return typed(ChangeType.STANDARD, Optional.of(template), Optional.empty());
  }

  /** This change as an emergency change, with why it cannot wait. */
  public ChangeSubmitted asEmergency(String reason) {
    return typed(ChangeType.EMERGENCY, Optional.empty(), Optional.of(reason));
  }

  private ChangeSubmitted typed(
      ChangeType type, Optional<UUID> template, Optional<String> emergencyReason) {
    return new ChangeSubmitted(
        client,
        planHash,
        module,
        environment,
        title,
        risk,
        riskScore,
        riskFactors,
        planSummary,
        rollbackPlan,
        evidence,
        type,
        template,
        emergencyReason);
  }

  /** A change with only what the catalog requires and the names it is usually given. */
  public static ChangeSubmitted of(
      ClientId client,
      Digest planHash,
      Optional<String> module,
      Optional<String> environment,
      Optional<String> title,
      Optional<Risk> risk) {
    return new ChangeSubmitted(
        client,
        planHash,
        module,
        environment,
        title,
        risk,
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        ChangeEvidence.NONE);
  }

  @Override
  public EventType type() {
    return EventType.CHANGE_SUBMITTED;
  }

  @Override
  public ObjectNode toJson() {
    EventDataWriter w = new EventDataWriter().client(client).sha256("plan_hash", planHash);
    w.text("module", module).text("environment", environment).text("title", title);
    risk.ifPresent(r -> w.word("risk", r));
    w.integer("risk_score", riskScore).texts("risk_factors", riskFactors);
    w.text("plan_summary", planSummary).text("rollback_plan", rollbackPlan);
    evidence.write(w);
    // A normal change leaves change_type out: read back, absent is normal, as in every entry
    // written before change types.
    if (changeType != ChangeType.NORMAL) {
      w.word("change_type", changeType);
    }
    w.uuid("template_id", templateId).text("emergency_reason", emergencyReason);
    return w.node();
  }

  static ChangeSubmitted read(EventDataReader r) {
    return new ChangeSubmitted(
        r.client(),
        r.sha256("plan_hash"),
        r.optionalName("module"),
        r.optionalName("environment"),
        r.optionalText("title"),
        r.optionalWord("risk", Risk.class),
        r.optionalInteger("risk_score", 0, 100),
        r.texts("risk_factors"),
        r.optionalText("plan_summary"),
        r.optionalText("rollback_plan"),
        ChangeEvidence.read(r),
        r.optionalWord("change_type", ChangeType.class).orElse(ChangeType.NORMAL),
        r.optionalUuid("template_id"),
        r.optionalText("emergency_reason"));
  }
}
