package dev.cabledger.server.changes;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.ChangeEvidence;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ClientId;
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
    @Nullable EvidenceIntake evidence) {

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
    return new ChangeSubmitted(
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
