package dev.cabledger.server.changes;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.ChangeEvidence;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ChangeType;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.core.event.Risk;
import dev.cabledger.server.workflow.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/changes} (docs/workflow.md); absent members arrive as null and are
 * reported by name.
 *
 * @param id the change request id, or null for a generated {@code CR-…}
 * @param title a one-line summary
 * @param module the Terraform module or stack
 * @param client the client (tenant)
 * @param environment the target environment
 * @param planHash SHA-256 of the plan file, 64 lower-case hex digits
 * @param planSummary a summary of the plan
 * @param risk the risk assessment
 * @param rollbackPlan how to undo the change
 * @param evidence the evidence the pipeline gathered
 * @param type normal (the default), standard or emergency
 * @param templateId the approved template a standard change matches
 * @param emergencyReason why an emergency change cannot wait
 */
record ChangeIntake(
    @Nullable String id,
    @Nullable String title,
    @Nullable String module,
    @Nullable String client,
    @Nullable String environment,
    @Nullable String planHash,
    @Nullable String planSummary,
    @Nullable RiskIntake risk,
    @Nullable String rollbackPlan,
    @Nullable EvidenceIntake evidence,
    @Nullable String type,
    @Nullable String templateId,
    @Nullable String emergencyReason) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Pattern PLAN_HASH = Pattern.compile("[0-9a-f]{64}");

  /**
   * The risk assessment.
   *
   * @param level low, medium, high or critical
   * @param score 0 to 100
   * @param factors what raised it
   */
  record RiskIntake(@Nullable String level, @Nullable Long score, @Nullable List<String> factors) {}

  /**
   * The evidence, as the source article's EvidencePackage names it.
   *
   * @param prUrl the pull request
   * @param prApprovers who approved the pull request
   * @param securityScan the security scan's result
   * @param testResults the test results
   * @param pipelineUrl the pipeline run
   */
  record EvidenceIntake(
      @Nullable String prUrl,
      @Nullable List<String> prApprovers,
      @Nullable String securityScan,
      @Nullable String testResults,
      @Nullable String pipelineUrl) {}

  /** The change id: the one given, checked, or a new {@code CR-…}. */
  String changeId() {
    if (id == null) {
      return "CR-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    }
    if (!ID.matcher(id).matches()) {
      throw new InvalidInputException(
          "id must be 1 to 128 letters, digits, '.', '_', ':' or '-', beginning with a letter or"
              + " digit, or be left out to get a generated CR-… id");
    }
    return id;
  }

  /** The event this intake records, checked member by member. */
  ChangeSubmitted event() {
    if (planHash == null) {
      throw new InvalidInputException("planHash is required: the SHA-256 of the plan file");
    }
    if (!PLAN_HASH.matcher(planHash).matches()) {
      throw new InvalidInputException(
          "planHash must be the SHA-256 of the plan file as 64 lower-case hex digits");
    }
    if (client == null || client.isBlank()) {
      throw new InvalidInputException("client is required: the client (tenant) of the change");
    }
    if (risk == null || risk.level() == null) {
      throw new InvalidInputException("risk.level is required: one of low, medium, high, critical");
    }
    Risk level;
    try {
      level = Risk.valueOf(risk.level().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "risk.level must be one of low, medium, high, critical, not \"" + risk.level() + "\"");
    }
    if (!risk.level().equals(level.json())) {
      throw new InvalidInputException("risk.level is written in lower case: " + level.json());
    }
    if (risk.score() != null && (risk.score() < 0 || risk.score() > 100)) {
      throw new InvalidInputException("risk.score must be a whole number from 0 to 100");
    }
    ClientId clientId;
    try {
      clientId = new ClientId(client);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("client: " + e.getMessage());
    }
    EvidenceIntake ev =
        evidence == null ? new EvidenceIntake(null, null, null, null, null) : evidence;
    ChangeSubmitted normal =
        new ChangeSubmitted(
            clientId,
            Digest.fromHex(planHash),
            text(module),
            text(environment),
            text(title),
            Optional.of(level),
            Optional.ofNullable(risk.score()),
            list(risk.factors(), "risk.factors"),
            text(planSummary),
            text(rollbackPlan),
            new ChangeEvidence(
                text(ev.prUrl()),
                list(ev.prApprovers(), "evidence.prApprovers"),
                text(ev.securityScan()),
                text(ev.testResults()),
                text(ev.pipelineUrl())));
    return typed(normal);
  }

  /** The change as the type asked: normal unless {@code type} says otherwise. */
  private ChangeSubmitted typed(ChangeSubmitted normal) {
    String t = type == null ? ChangeType.NORMAL.json() : type;
    if (t.equals(ChangeType.STANDARD.json())) {
      if (emergencyReason != null) {
        throw new InvalidInputException("emergencyReason is for an emergency change only");
      }
      if (templateId == null) {
        throw new InvalidInputException(
            "templateId is required for a standard change: the approved template it matches");
      }
      UUID template;
      try {
        template = UUID.fromString(templateId);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("templateId must be a template's id (a UUID)");
      }
      if (!template.toString().equals(templateId)) {
        throw new InvalidInputException("templateId is written in lower case: " + template);
      }
      return normal.asStandard(template);
    }
    if (templateId != null) {
      throw new InvalidInputException("templateId is for a standard change only");
    }
    if (t.equals(ChangeType.EMERGENCY.json())) {
      if (emergencyReason == null || emergencyReason.isBlank()) {
        throw new InvalidInputException(
            "emergencyReason is required for an emergency change: why it cannot wait");
      }
      if (emergencyReason.length() > EventLimits.MAX_STRING_LENGTH) {
        throw new InvalidInputException(
            "emergencyReason has "
                + emergencyReason.length()
                + " characters; at most "
                + EventLimits.MAX_STRING_LENGTH);
      }
      return normal.asEmergency(emergencyReason);
    }
    if (emergencyReason != null) {
      throw new InvalidInputException("emergencyReason is for an emergency change only");
    }
    if (!t.equals(ChangeType.NORMAL.json())) {
      throw new InvalidInputException(
          "type must be one of normal, standard, emergency, not \"" + t + "\"");
    }
    return normal;
  }

  private static Optional<String> text(@Nullable String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }

  private static List<String> list(@Nullable List<String> values, String name) {
    if (values == null) {
      return List.of();
    }
    for (String v : values) {
      if (v == null || v.isBlank()) {
        throw new InvalidInputException(name + " holds an empty value");
      }
    }
    return List.copyOf(values);
  }
}
