package dev.cabledger.core.policy;

import static dev.cabledger.core.policy.TestChange.ADMIN;
import static dev.cabledger.core.policy.TestChange.ALICE;
import static dev.cabledger.core.policy.TestChange.BOB;
import static dev.cabledger.core.policy.TestChange.CAROL;
import static dev.cabledger.core.policy.TestChange.NOW;
import static dev.cabledger.core.policy.TestChange.PLAN;
import static dev.cabledger.core.policy.TestChange.PLAN_2;
import static dev.cabledger.core.policy.TestChange.PRODUCTION;
import static dev.cabledger.core.policy.TestChange.SAM;
import static dev.cabledger.core.policy.TestChange.TESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalExpired;
import dev.cabledger.core.event.ApprovalRevoked;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ChangeEvidence;
import dev.cabledger.core.event.ChangeReplanned;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.TestChange.Approval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Random histories of one change (approvals and denials by people with and without the role they
 * name, by the requester, with expiry dates and constraints, supersessions of any earlier decision,
 * revocations by admins and others, expiry entries, re-plans), and every APPROVED gate answer
 * checked against the rules read directly from the entries, not from the assessment's standings.
 */
class ChangeAssessmentRandomTest {
  private static final String CAB = "CAB_APPROVER";
  private static final String SECURITY = "SECURITY_REVIEWER";
  private static final Actor REQUESTER =
      TestChange.actor("pipeline:acme", "CAB_APPROVER", "REQUESTER");
  private static final Actor BOTH = TestChange.actor("dana", "CAB_APPROVER", "SECURITY_REVIEWER");
  private static final Actor NOBODY = TestChange.actor("mallory", "AUDITOR");
  private static final List<Actor> DECIDERS =
      List.of(ALICE, BOB, CAROL, SAM, TESS, BOTH, REQUESTER, NOBODY);

  @Test
  void gate_approvedAnswer_followsEveryRule() {
    Random rnd = new Random(20261126);
    int approved = 0;
    for (int round = 0; round < 3000; round++) {
      Risk risk = Risk.values()[rnd.nextInt(Risk.values().length)];
      Policy policy = new Policy(Policy.DEFAULT.quorum(), rnd.nextBoolean(), true);
      TestChange change =
          TestChange.submitted(
              REQUESTER,
              TestChange.change(
                  Optional.of(risk),
                  Optional.of(PRODUCTION),
                  new ChangeEvidence(
                      Optional.empty(),
                      List.of("carol"),
                      Optional.of("passed"),
                      Optional.empty(),
                      Optional.empty())));
      List<UUID> decisions = new ArrayList<>();
      int steps = 1 + rnd.nextInt(14);
      for (int i = 0; i < steps; i++) {
        step(change, decisions, rnd);
      }

      GateAnswer gate =
          ChangeAssessment.assess(change.history(), policy, NOW)
              .gate(change.plan(), PRODUCTION, List.of());

      if (gate.verdict() == GateVerdict.APPROVED) {
        approved++;
        assertFollowsTheRules(change, policy, risk, gate);
      }
    }
    // The generator must reach approvals often enough for the check to mean something.
    assertThat(approved).isGreaterThan(150);
  }

  private static void step(TestChange change, List<UUID> decisions, Random rnd) {
    int roll = rnd.nextInt(20);
    Actor who = DECIDERS.get(rnd.nextInt(DECIDERS.size()));
    Optional<UUID> earlier =
        decisions.isEmpty() || rnd.nextInt(3) > 0
            ? Optional.empty()
            : Optional.of(decisions.get(rnd.nextInt(decisions.size())));
    if (roll < 11) {
      Approval a = Approval.by(who).as(rnd.nextInt(3) == 0 ? SECURITY : CAB);
      earlier.ifPresent(a::supersedes);
      switch (rnd.nextInt(6)) {
        case 0 -> a.expires(NOW.minus(Duration.ofMinutes(rnd.nextInt(2))));
        case 1 -> a.expires(NOW.plusSeconds(60));
        default -> {}
      }
      switch (rnd.nextInt(6)) {
        case 0 ->
            a.conditions("Staging only")
                .constraints(
                    new ApprovalConstraints(
                        List.of("staging"), Optional.empty(), Optional.empty()));
        case 1 ->
            a.conditions("Tomorrow")
                .constraints(
                    new ApprovalConstraints(
                        List.of(PRODUCTION), Optional.of(NOW.plusSeconds(3600)), Optional.empty()));
        case 2 -> a.conditions("Monitor");
        default -> {}
      }
      if (rnd.nextInt(10) == 0) {
        a.forPlan(change.plan().equals(PLAN) ? PLAN_2 : PLAN);
      }
      decisions.add(change.add(a));
    } else if (roll < 14) {
      decisions.add(change.reject(who, earlier));
    } else if (roll < 17 && !decisions.isEmpty()) {
      UUID target = decisions.get(rnd.nextInt(decisions.size()));
      change.revoke(rnd.nextBoolean() ? ADMIN : who, target);
    } else if (roll < 19 && !decisions.isEmpty()) {
      change.expire(decisions.get(rnd.nextInt(decisions.size())));
    } else {
      change.replan(change.plan().equals(PLAN) ? PLAN_2 : PLAN);
    }
  }

  private static void assertFollowsTheRules(
      TestChange change, Policy policy, Risk risk, GateAnswer gate) {
    List<LoggedEvent> events = change.events();
    long planFrom = 0;
    for (LoggedEvent e : events) {
      if (e.data() instanceof ChangeReplanned) {
        planFrom = e.index();
      }
    }
    Digest plan = change.plan();
    Set<String> approvers = new HashSet<>();
    int cab = 0;
    int security = 0;
    for (AssessedDecision d : gate.approvals()) {
      LoggedEvent e = d.entry();
      CabApproved a = (CabApproved) e.data();
      String why = "approval " + a.approvalId() + " in " + events;
      assertThat(a.approver()).as(why).isEqualTo(e.actor().subject());
      assertThat(a.approver()).as(why).isNotEqualTo(REQUESTER.subject());
      assertThat(a.approverRole()).as(why).isIn(CAB, SECURITY);
      assertThat(e.actor().hasRole(a.approverRole())).as(why).isTrue();
      if (policy.excludePrApprovers()) {
        assertThat(a.approver()).as(why).isNotEqualTo("carol");
      }
      assertThat(e.index()).as(why).isGreaterThan(planFrom);
      assertThat(e.statement().subjectDigest()).as(why).isEqualTo(plan);
      assertThat(a.expiryDate().map(NOW::isBefore).orElse(true)).as(why).isTrue();
      assertThat(expiredByEntry(events, a.approvalId())).as(why).isFalse();
      assertThat(revokedByAdmin(events, a.approvalId())).as(why).isFalse();
      assertThat(supersededByItsApprover(events, e, a.approvalId(), a.approver()))
          .as(why)
          .isFalse();
      assertThat(a.constraints().allowsEnvironment(PRODUCTION)).as(why).isTrue();
      assertThat(a.constraints().allowsTime(NOW)).as(why).isTrue();
      assertThat(approvers.add(a.approver())).as(why).isTrue();
      if (a.approverRole().equals(CAB)) {
        cab++;
      } else {
        security++;
      }
    }
    Quorum q = policy.quorumFor(Optional.of(risk));
    assertThat(cab).isGreaterThanOrEqualTo(q.cabApprovers());
    assertThat(security).isGreaterThanOrEqualTo(q.securityReviewers());
    for (LoggedEvent e : events) {
      if (e.data() instanceof CabRejected r
          && e.index() > planFrom
          && e.statement().subjectDigest().equals(plan)
          && e.actor().hasRole(r.approverRole())) {
        assertThat(
                revokedByAdmin(events, r.approvalId())
                    || supersededByItsApprover(events, e, r.approvalId(), r.approver()))
            .as("denial " + r.approvalId() + " in " + events)
            .isTrue();
      }
    }
  }

  private static boolean expiredByEntry(List<LoggedEvent> events, UUID id) {
    return events.stream()
        .anyMatch(e -> e.data() instanceof ApprovalExpired x && x.approvalId().equals(id));
  }

  private static boolean revokedByAdmin(List<LoggedEvent> events, UUID id) {
    return events.stream()
        .anyMatch(
            e ->
                e.data() instanceof ApprovalRevoked r
                    && r.approvalId().equals(id)
                    && e.actor().hasRole("PLATFORM_ADMIN"));
  }

  private static boolean supersededByItsApprover(
      List<LoggedEvent> events, LoggedEvent decision, UUID id, String approver) {
    return events.stream()
        .filter(e -> e.index() > decision.index())
        .anyMatch(
            e ->
                (e.data() instanceof CabApproved a
                        && a.supersedes().equals(Optional.of(id))
                        && a.approver().equals(approver))
                    || (e.data() instanceof CabRejected r
                        && r.supersedes().equals(Optional.of(id))
                        && r.approver().equals(approver)));
  }
}
