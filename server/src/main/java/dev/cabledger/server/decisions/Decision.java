package dev.cabledger.server.decisions;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.ApprovalConstraints;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A CAB member's decision on a change, as asked for and checked, before it is signed.
 *
 * @param verdict approve, deny or approve with conditions
 * @param justification why, never blank
 * @param conditions the conditions shown to the pipeline; only, and always, for a conditional one
 * @param expiresAt when an approval stops counting; none for a denial
 * @param constraints what the gate enforces; only for a conditional approval
 * @param supersedes the caller's own earlier decision this one replaces, if any
 * @param evidencePackId the sealed evidence package it rests on, if any (approvals only)
 * @param planHash the plan the caller decided on, if the caller named it
 */
record Decision(
    Verdict verdict,
    String justification,
    List<String> conditions,
    Optional<Instant> expiresAt,
    ApprovalConstraints constraints,
    Optional<UUID> supersedes,
    Optional<UUID> evidencePackId,
    Optional<Digest> planHash) {

  /** What the decision says. */
  enum Verdict {
    APPROVE,
    DENY,
    CONDITIONAL;

    /** The word as the API writes it. */
    String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  Decision {
    if (justification.isBlank()) {
      throw new IllegalArgumentException("a decision needs a justification");
    }
    conditions = List.copyOf(conditions);
    if ((verdict == Verdict.CONDITIONAL) == conditions.isEmpty()) {
      throw new IllegalArgumentException("conditions come with, and only with, a conditional one");
    }
    if (verdict != Verdict.CONDITIONAL && !constraints.equals(ApprovalConstraints.NONE)) {
      throw new IllegalArgumentException("constraints come only with a conditional approval");
    }
    if (verdict == Verdict.DENY && (expiresAt.isPresent() || evidencePackId.isPresent())) {
      throw new IllegalArgumentException("a denial has no expiry and cites no evidence");
    }
    if (verdict != Verdict.DENY && expiresAt.isEmpty()) {
      throw new IllegalArgumentException("an approval has an expiry");
    }
  }

  boolean approves() {
    return verdict != Verdict.DENY;
  }
}
