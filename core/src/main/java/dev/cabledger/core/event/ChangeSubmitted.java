package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.util.List;
import java.util.Optional;
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
    ChangeEvidence evidence)
    implements EventData.OfChange {
  public ChangeSubmitted {
    riskFactors = List.copyOf(riskFactors);
    if (riskScore.isPresent() && (riskScore.get() < 0 || riskScore.get() > 100)) {
      throw new IllegalArgumentException("risk_score must be from 0 to 100");
    }
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
        ChangeEvidence.read(r));
  }
}
