package dev.cabledger.core.policy;

import static dev.cabledger.core.policy.TestChange.ALICE;
import static dev.cabledger.core.policy.TestChange.BOB;
import static dev.cabledger.core.policy.TestChange.CHANGE;
import static dev.cabledger.core.policy.TestChange.PIPELINE;
import static dev.cabledger.core.policy.TestChange.PLAN;
import static dev.cabledger.core.policy.TestChange.PLAN_2;
import static dev.cabledger.core.policy.TestChange.PRODUCTION;
import static dev.cabledger.core.policy.TestChange.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.AppliedPolicy;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.freeze.FreezeWindow;
import dev.cabledger.core.policy.TestChange.Approval;
import dev.cabledger.core.policy.VerdictCheck.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VerdictCheckTest {
  private static final Optional<AppliedPolicy> DEFAULT = Optional.of(Policy.DEFAULT.applied());

  /** When the gate answers in these tests: an hour after the change's first entry. */
  private static final Instant ASKED = T0.plus(Duration.ofHours(1));

  @Test
  void of_approvedWithoutQuorum_isMismatched() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.approve(ALICE);
    LoggedEvent gate = gate(change, GateVerdict.APPROVED, List.of(), DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of());

    assertThat(check.outcome()).isEqualTo(Outcome.MISMATCHED);
    assertThat(check.index()).isEqualTo(2);
    assertThat(check.changeId()).isEqualTo(CHANGE);
    assertThat(check.detail())
        .isEqualTo(
            "recorded approved, re-derived blocked (missing-quorum) from the change's entries"
                + " before it, under the recorded policy at "
                + ASKED);
  }

  @Test
  void of_approvedWithQuorum_isMatched() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.approve(ALICE);
    change.approve(BOB);
    LoggedEvent gate = gate(change, GateVerdict.APPROVED, List.of(), DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of());

    assertThat(check.outcome()).isEqualTo(Outcome.MATCHED);
    assertThat(check.detail()).isEqualTo("verdict re-derived as recorded: approved");
  }

  @Test
  void of_approvedUnderApproverSignaturesWithServiceSignedApprovals_isMismatched() {
    Optional<AppliedPolicy> signed =
        Optional.of(Policy.DEFAULT.withApproverSignatures(Set.of(Risk.HIGH)).applied());
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.approve(ALICE);
    change.approve(BOB);
    LoggedEvent gate = gate(change, GateVerdict.APPROVED, List.of(), signed);

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of());

    assertThat(check.outcome()).isEqualTo(Outcome.MISMATCHED);
    assertThat(check.detail())
        .startsWith(
            "recorded approved, re-derived blocked (approver-signature-missing, missing-quorum)");
  }

  @Test
  void of_approvedUnderApproverSignaturesWithApproverSignedApprovals_isMatched() {
    Optional<AppliedPolicy> signed =
        Optional.of(Policy.DEFAULT.withApproverSignatures(Set.of(Risk.HIGH)).applied());
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.approveSigned(ALICE);
    change.approveSigned(BOB);
    LoggedEvent gate = gate(change, GateVerdict.APPROVED, List.of(), signed);

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of());

    assertThat(check.outcome()).isEqualTo(Outcome.MATCHED);
  }

  @Test
  void of_blockedWithTheSameCodesInOtherWords_isMatched() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.approve(ALICE);
    LoggedEvent gate =
        gate(
            change,
            GateVerdict.BLOCKED,
            List.of("missing-quorum: words the gate wrote at the time"),
            DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of());

    assertThat(check.outcome()).isEqualTo(Outcome.MATCHED);
    assertThat(check.detail())
        .isEqualTo("verdict re-derived as recorded: blocked (missing-quorum)");
  }

  @Test
  void of_blockedForAnotherReason_isMismatched() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.approve(ALICE);
    LoggedEvent gate =
        gate(change, GateVerdict.BLOCKED, List.of("denied: bob denied the change"), DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of());

    assertThat(check.outcome()).isEqualTo(Outcome.MISMATCHED);
    assertThat(check.detail())
        .startsWith("recorded blocked (denied), re-derived blocked (missing-quorum)");
  }

  @Test
  void of_noPolicyRecorded_isNotRederivable() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    LoggedEvent gate = gate(change, GateVerdict.APPROVED, List.of(), Optional.empty());

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of());

    assertThat(check.outcome()).isEqualTo(Outcome.NOT_REDERIVABLE);
    assertThat(check.detail()).isEqualTo("verdict not re-derivable: no policy recorded");
    assertThat(check)
        .hasToString("entry 1 (change CR-1): verdict not re-derivable: no policy recorded");
  }

  @Test
  void of_recordedPolicy_isTheOneApplied() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    Optional<AppliedPolicy> twoForLow =
        Optional.of(Policy.DEFAULT.withQuorum(Risk.LOW, new Quorum(2, 0)).applied());

    VerdictCheck approved =
        VerdictCheck.of(
            gate(change, GateVerdict.APPROVED, List.of(), twoForLow), change.events(), List.of());
    VerdictCheck blocked =
        VerdictCheck.of(
            gate(change, GateVerdict.BLOCKED, List.of("missing-quorum: 2 needed"), twoForLow),
            change.events(),
            List.of());
    VerdictCheck underTheDefault =
        VerdictCheck.of(
            gate(change, GateVerdict.APPROVED, List.of(), DEFAULT), change.events(), List.of());

    assertThat(approved.outcome()).isEqualTo(Outcome.MISMATCHED);
    assertThat(blocked.outcome()).isEqualTo(Outcome.MATCHED);
    assertThat(underTheDefault.outcome()).isEqualTo(Outcome.MATCHED);
  }

  @Test
  void of_approvalExpiredSince_isAssessedAtTheEntrysMoment() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.add(Approval.by(ALICE).expires(ASKED.plusSeconds(1)));
    LoggedEvent gate = gate(change, GateVerdict.APPROVED, List.of(), DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of());

    assertThat(check.outcome()).isEqualTo(Outcome.MATCHED);
  }

  @Test
  void of_anotherPlanOrEnvironment_isReDerivedForTheEntrysOwn() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    LoggedEvent otherPlan = gate(change, PLAN_2, PRODUCTION, GateVerdict.APPROVED, List.of());
    LoggedEvent otherEnvironment = gate(change, PLAN, "staging", GateVerdict.APPROVED, List.of());

    VerdictCheck plan = VerdictCheck.of(otherPlan, change.events(), List.of());
    VerdictCheck environment = VerdictCheck.of(otherEnvironment, change.events(), List.of());

    assertThat(plan.detail()).contains("re-derived blocked (plan-hash-differs)");
    assertThat(environment.detail()).contains("re-derived blocked (environment-not-allowed)");
  }

  @Test
  void of_entryThatDidNotVerify_blocksAsTheGateBlocks() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    change.approve(BOB);
    List<LoggedEvent> verified = change.events().subList(0, 2);
    List<Reason> unverified =
        List.of(new Reason(ReasonCode.SIGNATURE_INVALID, "entry 2 of change CR-1: bad"));
    LoggedEvent gate =
        gate(change, GateVerdict.BLOCKED, List.of("signature-invalid: entry 2 is bad"), DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, verified, unverified);
    VerdictCheck asIfItVerified = VerdictCheck.of(gate, change.events(), List.of());

    assertThat(check.outcome()).isEqualTo(Outcome.MATCHED);
    assertThat(asIfItVerified.outcome()).isEqualTo(Outcome.MISMATCHED);
  }

  @Test
  void of_reasonsCutShort_codesKeptMustBeAmongThoseReDerived() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.reject(ALICE);
    // Re-derived: denied and missing-quorum. The log kept one and said how many it left out.
    LoggedEvent kept =
        gate(
            change,
            GateVerdict.BLOCKED,
            List.of("denied: alice denied the change", "… and 1 more reasons"),
            DEFAULT);
    LoggedEvent strange =
        gate(
            change,
            GateVerdict.BLOCKED,
            List.of("outside-window: not now", "… and 1 more reasons"),
            DEFAULT);

    assertThat(VerdictCheck.of(kept, change.events(), List.of()).outcome())
        .isEqualTo(Outcome.MATCHED);
    assertThat(VerdictCheck.of(strange, change.events(), List.of()).outcome())
        .isEqualTo(Outcome.MISMATCHED);
  }

  @Test
  void of_noEntryVerified_isBlockedNotInLog() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    LoggedEvent gate = gate(change, GateVerdict.APPROVED, List.of(), DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, List.of(), List.of());

    assertThat(check.detail()).startsWith("recorded approved, re-derived blocked (not-in-log)");
  }

  @Test
  void of_verifiedEntriesWithoutTheSubmission_isBlockedAsTheGateBlocks() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    LoggedEvent gate = gate(change, GateVerdict.APPROVED, List.of(), DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, change.events().subList(1, 2), List.of());

    assertThat(check.detail())
        .startsWith("recorded approved, re-derived blocked (not-in-log, signature-invalid)");
  }

  @Test
  void of_notAGateAnswer_isRejected() {
    TestChange change = TestChange.submitted(Risk.LOW);
    LoggedEvent submission = change.events().getFirst();

    assertThatThrownBy(() -> VerdictCheck.of(submission, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry 0 is not a GATE_EVALUATED");
  }

  @Test
  void of_entryNotBeforeTheGate_isRejected() {
    TestChange change = TestChange.submitted(Risk.LOW);
    LoggedEvent gate = gate(change, GateVerdict.APPROVED, List.of(), DEFAULT);
    change.approve(ALICE);

    assertThatThrownBy(() -> VerdictCheck.of(gate, change.events(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry 1 does not precede the gate's entry 1");
  }

  @Test
  void codeOf_readsOnlyTheKnownCodes() {
    assertThat(VerdictCheck.codeOf("missing-quorum: 2 needed")).contains("missing-quorum");
    assertThat(VerdictCheck.codeOf("not-in-log: entry 7: a: b")).contains("not-in-log");
    assertThat(VerdictCheck.codeOf("… and 3 more reasons")).isEmpty();
    assertThat(VerdictCheck.codeOf("quorum: 2 needed")).isEmpty();
    assertThat(VerdictCheck.codeOf("missing-quorum:2 needed")).isEmpty();
  }

  @Test
  void new_blankDetail_isRejected() {
    assertThatThrownBy(() -> new VerdictCheck(1, CHANGE, Outcome.MATCHED, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The gate's answer for the change's current plan in production, logged after its entries. */
  @Test
  void of_blockedByAFreezeInForce_isMatched() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    LoggedEvent gate = gate(change, GateVerdict.BLOCKED, List.of("freeze: holds acme"), DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of(), freezeAtAsked(), false);

    assertThat(check.outcome()).isEqualTo(Outcome.MATCHED);
    assertThat(check.detail()).isEqualTo("verdict re-derived as recorded: blocked (freeze)");
  }

  @Test
  void of_approvedDuringAFreeze_isMismatched() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    LoggedEvent gate = gate(change, GateVerdict.APPROVED, List.of(), DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of(), freezeAtAsked(), true);

    assertThat(check.outcome()).isEqualTo(Outcome.MISMATCHED);
    assertThat(check.detail()).startsWith("recorded approved, re-derived blocked (freeze)");
  }

  @Test
  void of_freezeTheVerifierMayLack_isNotRederivable() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    LoggedEvent gate = gate(change, GateVerdict.BLOCKED, List.of("freeze: holds acme"), DEFAULT);

    VerdictCheck unknown = VerdictCheck.of(gate, change.events(), List.of(), Freezes.NONE, true);
    VerdictCheck known = VerdictCheck.of(gate, change.events(), List.of(), Freezes.NONE, false);

    assertThat(unknown.outcome()).isEqualTo(Outcome.NOT_REDERIVABLE);
    assertThat(unknown.detail()).isEqualTo(VerdictCheck.FREEZE_UNKNOWN);
    assertThat(known.outcome()).isEqualTo(Outcome.MISMATCHED);
  }

  @Test
  void of_freezeTheVerifierMayLack_doesNotExcuseOtherReasons() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    LoggedEvent gate =
        gate(
            change,
            GateVerdict.BLOCKED,
            List.of("freeze: holds acme", "denied: bob denied the change"),
            DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of(), Freezes.NONE, true);

    assertThat(check.outcome()).isEqualTo(Outcome.MISMATCHED);
  }

  @Test
  void of_approvedByAnOverrideNamedInItsReasons_isMatched() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.override(TestChange.ADMIN);
    LoggedEvent named =
        gate(change, GateVerdict.APPROVED, List.of("overridden: by admin in entry 1"), DEFAULT);
    LoggedEvent unnamed = gate(change, GateVerdict.APPROVED, List.of(), DEFAULT);

    assertThat(VerdictCheck.of(named, change.events(), List.of()).outcome())
        .isEqualTo(Outcome.MATCHED);
    assertThat(VerdictCheck.of(unnamed, change.events(), List.of()).outcome())
        .isEqualTo(Outcome.MISMATCHED);
  }

  @Test
  void of_approvedCitingAnOverrideThereIsNot_isMismatched() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    LoggedEvent gate =
        gate(change, GateVerdict.APPROVED, List.of("overridden: by admin in entry 1"), DEFAULT);

    VerdictCheck check = VerdictCheck.of(gate, change.events(), List.of());

    assertThat(check.outcome()).isEqualTo(Outcome.MISMATCHED);
    assertThat(check.detail()).startsWith("recorded approved (overridden), re-derived blocked");
  }

  @Test
  void of_blockedByAnApplyToItsTarget_isMatchedOnlyWithTheApply() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    LoggedEvent gate =
        gate(change, GateVerdict.BLOCKED, List.of("target-changed: change CR-2"), DEFAULT);
    TargetApplies applies =
        new TargetApplies(
            List.of(
                new TargetApplies.Applied(
                    "CR-2",
                    1,
                    T0,
                    new ChangeApplied(
                        TestChange.ACME, PLAN_2, PRODUCTION, Optional.of("tf-aws-rds")))));

    VerdictCheck known =
        VerdictCheck.of(gate, change.events(), List.of(), Freezes.NONE, applies, false);
    // In a bundle from after index 0 too: an apply that makes the change stale follows its plan.
    VerdictCheck absent =
        VerdictCheck.of(gate, change.events(), List.of(), Freezes.NONE, TargetApplies.NONE, true);

    assertThat(known.outcome()).isEqualTo(Outcome.MATCHED);
    assertThat(absent.outcome()).isEqualTo(Outcome.MISMATCHED);
  }

  /** A freeze of acme's production from an hour before the gate's answer to an hour after. */
  private static Freezes freezeAtAsked() {
    return new Freezes(
        List.of(
            new FreezeDeclared(
                UUID.randomUUID(),
                List.of(TestChange.ACME),
                List.of(PRODUCTION),
                new FreezeWindow.OneOff(
                    ASKED.minus(Duration.ofHours(1)), ASKED.plus(Duration.ofHours(1))),
                "Release weekend")));
  }

  private static LoggedEvent gate(
      TestChange change,
      GateVerdict verdict,
      List<String> reasons,
      Optional<AppliedPolicy> policy) {
    return gate(change, change.plan(), PRODUCTION, verdict, reasons, policy);
  }

  private static LoggedEvent gate(
      TestChange change,
      Digest plan,
      String environment,
      GateVerdict verdict,
      List<String> reasons) {
    return gate(change, plan, environment, verdict, reasons, DEFAULT);
  }

  private static LoggedEvent gate(
      TestChange change,
      Digest plan,
      String environment,
      GateVerdict verdict,
      List<String> reasons,
      Optional<AppliedPolicy> policy) {
    GateEvaluated data =
        new GateEvaluated(TestChange.ACME, plan, environment, verdict, reasons, policy);
    return new LoggedEvent(
        change.events().size(),
        new Statement(CHANGE, plan, new Event("corr-gate", data, PIPELINE, ASKED)));
  }
}
