package dev.cabledger.core.event;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parameters of the approval policy a gate answer applied, as its {@code GATE_EVALUATED} entry
 * records them ({@code policy}), so that a verifier can re-derive the verdict from the log alone.
 * {@code core/policy}'s {@code Policy} converts to and from it.
 *
 * @param quorum the quorum for each risk level; every level has one
 * @param excludePrApprovers whether a pull request's approvers may not approve its change
 * @param requireSecurityScan whether a scan that did not pass needs an approved exception
 * @param requireApproverSignature the risk levels whose approvals count only when signed by their
 *     approver's own key ({@code require_approver_signature}, risk words in risk order; left out
 *     when empty, so entries written before it read as asking none)
 */
public record AppliedPolicy(
    Map<Risk, Quorum> quorum,
    boolean excludePrApprovers,
    boolean requireSecurityScan,
    Set<Risk> requireApproverSignature) {
  /** The most approvers of either role a quorum may ask for. */
  public static final int MAX_APPROVERS = 16;

  public AppliedPolicy {
    EnumMap<Risk, Quorum> copy = new EnumMap<>(Risk.class);
    copy.putAll(quorum);
    for (Risk r : Risk.values()) {
      if (!copy.containsKey(r)) {
        throw new IllegalArgumentException("the policy has no quorum for risk " + r.json());
      }
    }
    quorum = Map.copyOf(copy);
    requireApproverSignature =
        Set.copyOf(
            requireApproverSignature.isEmpty()
                ? EnumSet.noneOf(Risk.class)
                : EnumSet.copyOf(requireApproverSignature));
  }

  /** A policy that asks no approver signatures. */
  public AppliedPolicy(
      Map<Risk, Quorum> quorum, boolean excludePrApprovers, boolean requireSecurityScan) {
    this(quorum, excludePrApprovers, requireSecurityScan, Set.of());
  }

  /**
   * One risk level's quorum.
   *
   * @param cabApprovers distinct CAB approvers, 1 to {@link #MAX_APPROVERS}
   * @param securityReviewers distinct security reviewers besides them, 0 to {@link #MAX_APPROVERS}
   */
  public record Quorum(int cabApprovers, int securityReviewers) {
    public Quorum {
      if (cabApprovers < 1
          || cabApprovers > MAX_APPROVERS
          || securityReviewers < 0
          || securityReviewers > MAX_APPROVERS) {
        throw new IllegalArgumentException(
            "a quorum needs 1 to 16 CAB approvers and 0 to 16 security reviewers");
      }
    }
  }

  /** The {@code policy} member's JSON, in the one form {@link #read} reads back. */
  ObjectNode toJson() {
    ObjectNode levels = JsonNodeFactory.instance.objectNode();
    for (Risk r : Risk.values()) {
      Quorum q = quorum.get(r);
      levels.set(
          r.json(),
          new EventDataWriter()
              .integer("cab_approvers", q.cabApprovers())
              .integer("security_reviewers", q.securityReviewers())
              .node());
    }
    List<String> signed = new ArrayList<>();
    for (Risk r : Risk.values()) {
      if (requireApproverSignature.contains(r)) {
        signed.add(r.json());
      }
    }
    return new EventDataWriter()
        .object("quorum", levels)
        .bool("exclude_pr_approvers", excludePrApprovers)
        .bool("require_security_scan", requireSecurityScan)
        .texts("require_approver_signature", signed)
        .node();
  }

  /** Reads the {@code policy} member: every member required, no other allowed. */
  static AppliedPolicy read(EventDataReader r) {
    EventDataReader levels = r.objectReader("quorum");
    EnumMap<Risk, Quorum> quorum = new EnumMap<>(Risk.class);
    for (Risk risk : Risk.values()) {
      EventDataReader q = levels.objectReader(risk.json());
      quorum.put(
          risk,
          new Quorum(
              (int) q.integer("cab_approvers", 1, MAX_APPROVERS),
              (int) q.integer("security_reviewers", 0, MAX_APPROVERS)));
      q.end();
    }
    levels.end();
    boolean excludePr = r.bool("exclude_pr_approvers");
    boolean requireScan = r.bool("require_security_scan");
    // One spelling: distinct risk words in risk order.
    EnumSet<Risk> signed = EnumSet.noneOf(Risk.class);
    List<String> words = r.texts("require_approver_signature");
    Risk previous = null;
    for (String word : words) {
      Risk risk = null;
      for (Risk candidate : Risk.values()) {
        if (candidate.json().equals(word)) {
          risk = candidate;
        }
      }
      if (risk == null || (previous != null && risk.compareTo(previous) <= 0)) {
        throw EventDataReader.format(
            "policy.require_approver_signature must list distinct risk levels (low, medium, high,"
                + " critical) in that order");
      }
      signed.add(risk);
      previous = risk;
    }
    AppliedPolicy policy = new AppliedPolicy(quorum, excludePr, requireScan, signed);
    r.end();
    return policy;
  }
}
