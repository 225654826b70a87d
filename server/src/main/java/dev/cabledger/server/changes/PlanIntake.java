package dev.cabledger.server.changes;

import dev.cabledger.core.Digest;
import dev.cabledger.server.workflow.InvalidInputException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The bodies of {@code POST /api/changes/{id}/plans} and {@code …/applied}; absent members arrive
 * as null and are reported by name.
 *
 * @param planHash SHA-256 of the plan file, 64 lower-case hex digits
 * @param planSummary a summary of a new plan
 * @param module the Terraform module or stack of a new plan, when it moves
 * @param environment where a plan was applied
 */
record PlanIntake(
    @Nullable String planHash,
    @Nullable String planSummary,
    @Nullable String module,
    @Nullable String environment) {
  private static final Pattern PLAN_HASH = Pattern.compile("[0-9a-f]{64}");

  /** The plan hash, checked. */
  Digest plan() {
    if (planHash == null) {
      throw new InvalidInputException("planHash is required: the SHA-256 of the plan file");
    }
    if (!PLAN_HASH.matcher(planHash).matches()) {
      throw new InvalidInputException(
          "planHash must be the SHA-256 of the plan file as 64 lower-case hex digits");
    }
    return Digest.fromHex(planHash);
  }

  /** The environment of an apply, checked. */
  String appliedTo() {
    if (environment == null || environment.isBlank()) {
      throw new InvalidInputException("environment is required: where the plan was applied");
    }
    return environment;
  }

  Optional<String> summary() {
    return Optional.ofNullable(planSummary).filter(v -> !v.isBlank());
  }

  Optional<String> newModule() {
    return Optional.ofNullable(module).filter(v -> !v.isBlank());
  }
}
