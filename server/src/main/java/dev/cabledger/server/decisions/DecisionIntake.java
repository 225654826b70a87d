package dev.cabledger.server.decisions;

import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/changes/{id}/decisions} (docs/workflow.md); absent members arrive as
 * null and are reported by name.
 *
 * @param decision approve, deny or conditional
 * @param justification why (required)
 * @param conditions the conditions of a conditional approval (required for it, refused otherwise)
 * @param expiresAt when an approval stops counting (RFC 3339); default now plus {@code
 *     cab.workflow.approval-validity}
 * @param environments the environments a conditional approval allows
 * @param notBefore a conditional approval allows applying from this time (RFC 3339)
 * @param notAfter a conditional approval allows applying until this time (RFC 3339)
 * @param supersedes the id of the caller's own earlier decision on this change that this replaces
 * @param evidencePackId a sealed evidence package of this change that the approval rests on
 * @param planHash the plan decided on; refused (409) if it is not the change's current plan
 */
record DecisionIntake(
    @Nullable String decision,
    @Nullable String justification,
    @Nullable List<String> conditions,
    @Nullable String expiresAt,
    @Nullable List<String> environments,
    @Nullable String notBefore,
    @Nullable String notAfter,
    @Nullable String supersedes,
    @Nullable String evidencePackId,
    @Nullable String planHash) {

  /**
   * The decision this body asks for, checked member by member.
   *
   * @param now the moment the expiry is measured from
   * @param validity the expiry when none is named
   * @param maxValidity the furthest expiry that may be named
   */
  Decision decision(Instant now, Duration validity, Duration maxValidity) {
    if (decision == null) {
      throw new InvalidInputException("decision is required: approve, deny or conditional");
    }
    Decision.Verdict verdict =
        switch (decision) {
          case "approve" -> Decision.Verdict.APPROVE;
          case "deny" -> Decision.Verdict.DENY;
          case "conditional" -> Decision.Verdict.CONDITIONAL;
          default ->
              throw new InvalidInputException(
                  "decision must be approve, deny or conditional, not \"" + decision + "\"");
        };
    String why = Members.required(justification, "justification", "why you decide so");
    List<String> conditionList = Members.texts(conditions, "conditions");
    List<String> environmentList = Members.texts(environments, "environments");
    Optional<Instant> from = Members.time(notBefore, "notBefore");
    Optional<Instant> until = Members.time(notAfter, "notAfter");
    Optional<UUID> evidence = Members.uuid(evidencePackId, "evidencePackId");
    Optional<Instant> expiry = Members.time(expiresAt, "expiresAt");
    if (verdict == Decision.Verdict.CONDITIONAL) {
      if (conditionList.isEmpty()) {
        throw new InvalidInputException(
            "conditions is required for a conditional approval: at least one condition");
      }
    } else {
      if (!conditionList.isEmpty()) {
        throw new InvalidInputException(
            "conditions are given only with decision conditional, not " + decision);
      }
      if (!environmentList.isEmpty() || from.isPresent() || until.isPresent()) {
        throw new InvalidInputException(
            "environments, notBefore and notAfter are given only with decision conditional, not "
                + decision);
      }
    }
    if (from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
      throw new InvalidInputException("notBefore must be before notAfter");
    }
    if (verdict == Decision.Verdict.DENY) {
      if (expiry.isPresent()) {
        throw new InvalidInputException(
            "expiresAt is given only with an approval: a denial stands until superseded");
      }
      if (evidence.isPresent()) {
        throw new InvalidInputException("evidencePackId is given only with an approval");
      }
    } else {
      Instant latest = now.plus(maxValidity);
      if (expiry.isPresent() && !expiry.get().isAfter(now)) {
        throw new InvalidInputException("expiresAt " + expiresAt + " is not in the future");
      }
      if (expiry.isPresent() && expiry.get().isAfter(latest)) {
        throw new InvalidInputException(
            "expiresAt "
                + expiresAt
                + " is later than the longest validity allows ("
                + latest
                + ", cab.workflow.max-approval-validity "
                + maxValidity
                + ")");
      }
      expiry = Optional.of(expiry.orElse(Members.millis(now.plus(validity))));
    }
    return new Decision(
        verdict,
        why,
        conditionList,
        expiry,
        new ApprovalConstraints(environmentList, from, until),
        Members.uuid(supersedes, "supersedes"),
        evidence,
        Members.planHash(planHash, "planHash"));
  }
}
