package dev.cabledger.core.policy;

import dev.cabledger.core.event.AppliedPolicy;
import dev.cabledger.core.event.Risk;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The approval rules of one client (DESIGN.md, "Identity and access"; docs/workflow.md).
 *
 * @param quorum the quorum for each risk level; every level has one
 * @param excludePrApprovers whether someone who approved the change's pull request may not also
 *     approve the change
 * @param requireSecurityScan whether a change whose security scan did not pass needs an approved
 *     {@code vulnerability_scan} exception
 * @param requireApproverSignature the risk levels whose approvals count only when their actor
 *     signed them with an approver key of their own (issue 13: approver-held keys)
 */
public record Policy(
    Map<Risk, Quorum> quorum,
    boolean excludePrApprovers,
    boolean requireSecurityScan,
    Set<Risk> requireApproverSignature) {
  /**
   * DESIGN.md's quorum defaults: low and medium one CAB approver, high two, critical two and a
   * reviewer; no approver signatures asked (the service's setting {@code
   * cab.workflow.require-approver-signature} asks them for high and critical by default).
   */
  public static final Policy DEFAULT =
      new Policy(
          Map.of(
              Risk.LOW, new Quorum(1, 0),
              Risk.MEDIUM, new Quorum(1, 0),
              Risk.HIGH, new Quorum(2, 0),
              Risk.CRITICAL, new Quorum(2, 1)),
          false,
          true,
          Set.of());

  /** A policy that asks no approver signatures. */
  public Policy(Map<Risk, Quorum> quorum, boolean excludePrApprovers, boolean requireSecurityScan) {
    this(quorum, excludePrApprovers, requireSecurityScan, Set.of());
  }

  public Policy {
    requireApproverSignature =
        Set.copyOf(
            requireApproverSignature.isEmpty()
                ? EnumSet.noneOf(Risk.class)
                : EnumSet.copyOf(requireApproverSignature));
    EnumMap<Risk, Quorum> copy = new EnumMap<>(Risk.class);
    copy.putAll(quorum);
    for (Risk r : Risk.values()) {
      if (!copy.containsKey(r)) {
        throw new IllegalArgumentException("the policy has no quorum for risk " + r.json());
      }
    }
    quorum = Map.copyOf(copy);
  }

  /** The quorum for a risk level; a change without one is treated as critical (fail closed). */
  public Quorum quorumFor(Optional<Risk> risk) {
    return quorum.get(risk.orElse(Risk.CRITICAL));
  }

  /**
   * Whether approvals of a change of this risk count only when signed by the approver's own key; a
   * change without a risk is treated as critical (fail closed).
   */
  public boolean requiresApproverSignature(Optional<Risk> risk) {
    return requireApproverSignature.contains(risk.orElse(Risk.CRITICAL));
  }

  /** This policy asking approver signatures for exactly these risk levels. */
  public Policy withApproverSignatures(Set<Risk> levels) {
    return new Policy(quorum, excludePrApprovers, requireSecurityScan, levels);
  }

  /**
   * The policy whose parameters a {@code GATE_EVALUATED} entry recorded, to re-derive its verdict.
   */
  public static Policy of(AppliedPolicy applied) {
    EnumMap<Risk, Quorum> quorum = new EnumMap<>(Risk.class);
    applied
        .quorum()
        .forEach((r, q) -> quorum.put(r, new Quorum(q.cabApprovers(), q.securityReviewers())));
    return new Policy(
        quorum,
        applied.excludePrApprovers(),
        applied.requireSecurityScan(),
        applied.requireApproverSignature());
  }

  /** This policy's parameters, as a {@code GATE_EVALUATED} entry records them. */
  public AppliedPolicy applied() {
    EnumMap<Risk, AppliedPolicy.Quorum> levels = new EnumMap<>(Risk.class);
    quorum.forEach(
        (r, q) -> levels.put(r, new AppliedPolicy.Quorum(q.cabApprovers(), q.securityReviewers())));
    return new AppliedPolicy(
        levels, excludePrApprovers, requireSecurityScan, requireApproverSignature);
  }

  /** This policy with another quorum for one risk level. */
  public Policy withQuorum(Risk risk, Quorum q) {
    EnumMap<Risk, Quorum> copy = new EnumMap<>(quorum);
    copy.put(risk, q);
    return new Policy(copy, excludePrApprovers, requireSecurityScan, requireApproverSignature);
  }
}
