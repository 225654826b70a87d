package dev.cabledger.server.gate;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.server.workflow.InvalidInputException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a pipeline asks the gate.
 *
 * @param change the change request id
 * @param planHash SHA-256 of the plan file about to be applied
 * @param environment where it is about to be applied; empty for the change's own environment
 */
record GateQuery(String change, Digest planHash, Optional<String> environment) {
  private static final Pattern PLAN_HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern NAME = Pattern.compile("\\P{Cntrl}+");

  GateQuery {
    if (change.isBlank()) {
      throw new IllegalArgumentException("a change request id is not blank");
    }
  }

  /**
   * The query of a request's parameters.
   *
   * @throws InvalidInputException naming the parameter that is missing or wrong
   */
  static GateQuery of(
      @Nullable String change, @Nullable String planHash, @Nullable String environment) {
    if (change == null || change.isBlank()) {
      throw new InvalidInputException("change is required: the change request id");
    }
    if (change.length() > EventLimits.MAX_NAME_LENGTH || !NAME.matcher(change).matches()) {
      throw new InvalidInputException(
          "change must be a change request id of 1 to 256 characters without control characters");
    }
    if (planHash == null || planHash.isEmpty()) {
      throw new InvalidInputException(
          "planHash is required: the SHA-256 of the plan file, as 64 lower-case hex digits");
    }
    if (!PLAN_HASH.matcher(planHash).matches()) {
      throw new InvalidInputException(
          "planHash must be the SHA-256 of the plan file as 64 lower-case hex digits");
    }
    if (environment != null
        && (environment.isBlank()
            || environment.length() > EventLimits.MAX_NAME_LENGTH
            || !NAME.matcher(environment).matches())) {
      throw new InvalidInputException(
          "environment must be 1 to 256 characters without control characters, or left out for"
              + " the change's own environment");
    }
    return new GateQuery(change, Digest.fromHex(planHash), Optional.ofNullable(environment));
  }
}
