package dev.cabledger.core.event;

import java.util.EnumMap;
import java.util.Map;
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
 */
public record AppliedPolicy(
    Map<Risk, Quorum> quorum, boolean excludePrApprovers, boolean requireSecurityScan) {
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
    return new EventDataWriter()
        .object("quorum", levels)
        .bool("exclude_pr_approvers", excludePrApprovers)
        .bool("require_security_scan", requireSecurityScan)
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
    AppliedPolicy policy =
        new AppliedPolicy(quorum, r.bool("exclude_pr_approvers"), r.bool("require_security_scan"));
    r.end();
    return policy;
  }
}
