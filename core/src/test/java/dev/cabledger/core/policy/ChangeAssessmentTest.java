package dev.cabledger.core.policy;

import static dev.cabledger.core.policy.TestChange.ADMIN;
import static dev.cabledger.core.policy.TestChange.ALICE;
import static dev.cabledger.core.policy.TestChange.BOB;
import static dev.cabledger.core.policy.TestChange.CAROL;
import static dev.cabledger.core.policy.TestChange.NOW;
import static dev.cabledger.core.policy.TestChange.PIPELINE;
import static dev.cabledger.core.policy.TestChange.PLAN;
import static dev.cabledger.core.policy.TestChange.PLAN_2;
import static dev.cabledger.core.policy.TestChange.PRODUCTION;
import static dev.cabledger.core.policy.TestChange.SAM;
import static dev.cabledger.core.policy.TestChange.TESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ChangeEvidence;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.ExceptionType;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.freeze.FreezeWindow;
import dev.cabledger.core.policy.AssessedException.State;
import dev.cabledger.core.policy.TestChange.Approval;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One test per rule of the policy (docs/workflow.md, "Policy"). Each history that a rule forbids is
 * built so that without the rule it would be approved, and its gate answer is checked: a forbidden
 * approval never yields APPROVED.
 */
class ChangeAssessmentTest {
  private static final String CAB_APPROVER = ChangeAssessment.CAB_APPROVER;
  private static final String SECURITY_REVIEWER = ChangeAssessment.SECURITY_REVIEWER;

  // Quorum by risk

  @Test
  void assess_lowRiskOneCabApproval_isApproved() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID a = change.approve(ALICE);

    ChangeAssessment assessment = change.assess();
    GateAnswer gate = change.gate();

    assertThat(assessment.status()).isEqualTo(ChangeStatus.APPROVED);
    assertThat(assessment.missing()).isEmpty();
    assertThat(assessment.quorum()).isEqualTo(new Quorum(1, 0));
    assertThat(assessment.counted()).extracting(AssessedDecision::approvalId).containsExactly(a);
    assertThat(gate.verdict()).isEqualTo(GateVerdict.APPROVED);
    assertThat(gate.reasons()).isEmpty();
    assertThat(gate.approvals()).extracting(AssessedDecision::approver).containsExactly("alice");
    assertThat(gate.conditions()).isEmpty();
  }

  @Test
  void assess_noApproval_isPendingWithMissingQuorum() {
    TestChange change = TestChange.submitted(Risk.LOW);

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.status()).isEqualTo(ChangeStatus.PENDING);
    assertThat(assessment.missing())
        .containsExactly(
            new Reason(
                ReasonCode.MISSING_QUORUM,
                "low risk needs 1 CAB approver; counted: 0 CAB approvals"));
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM);
  }

  @ParameterizedTest
  @CsvSource({
    "LOW, 1, 0, true",
    "MEDIUM, 0, 0, false",
    "MEDIUM, 1, 0, true",
    "MEDIUM, 0, 1, false",
    "HIGH, 1, 0, false",
    "HIGH, 1, 1, false",
    "HIGH, 2, 0, true",
    "CRITICAL, 2, 0, false",
    "CRITICAL, 1, 1, false",
    "CRITICAL, 2, 1, true",
    "CRITICAL, 3, 1, true",
  })
  void assess_defaultQuorumByRisk(Risk risk, int cab, int security, boolean approved) {
    TestChange change = TestChange.submitted(risk);
    List<Actor> cabApprovers = List.of(ALICE, BOB, CAROL);
    for (int i = 0; i < cab; i++) {
      change.approve(cabApprovers.get(i));
    }
    if (security > 0) {
      change.add(Approval.by(SAM).as(SECURITY_REVIEWER));
    }

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.status())
        .isEqualTo(approved ? ChangeStatus.APPROVED : ChangeStatus.PENDING);
    assertThat(change.gate().verdict())
        .isEqualTo(approved ? GateVerdict.APPROVED : GateVerdict.BLOCKED);
    assertThat(assessment.counted()).hasSize(cab + security);
  }

  @Test
  void assess_highRiskOneApproval_saysWhatIsMissing() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.approve(ALICE);

    assertThat(change.assess().missing())
        .containsExactly(
            new Reason(
                ReasonCode.MISSING_QUORUM,
                "high risk needs 2 CAB approvers; counted: 1 CAB approval"));
  }

  @Test
  void assess_criticalRiskWithoutSecurityReview_saysWhatIsMissing() {
    TestChange change = TestChange.submitted(Risk.CRITICAL);
    change.approve(ALICE);
    change.approve(BOB);

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.missing())
        .containsExactly(
            new Reason(
                ReasonCode.MISSING_QUORUM,
                "critical risk needs 2 CAB approvers and 1 security reviewer;"
                    + " counted: 2 CAB approvals and 0 security reviews"));
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM);
  }

  @Test
  void assess_securityReviewCountsOnlyAsSecurityReview() {
    TestChange change = TestChange.submitted(Risk.CRITICAL);
    change.approve(ALICE);
    change.add(Approval.by(SAM).as(SECURITY_REVIEWER));

    assertThat(change.assess().missing())
        .containsExactly(
            new Reason(
                ReasonCode.MISSING_QUORUM,
                "critical risk needs 2 CAB approvers and 1 security reviewer;"
                    + " counted: 1 CAB approval and 1 security review"));
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM);
  }

  @Test
  void assess_noRisk_isTreatedAsCritical() {
    TestChange change =
        TestChange.submitted(
            PIPELINE,
            TestChange.change(Optional.empty(), Optional.of(PRODUCTION), TestChange.SCAN_PASSED));
    change.approve(ALICE);
    change.approve(BOB);

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.quorum()).isEqualTo(new Quorum(2, 1));
    assertThat(assessment.missing())
        .containsExactly(
            new Reason(
                ReasonCode.MISSING_QUORUM,
                "unassessed risk needs 2 CAB approvers and 1 security reviewer;"
                    + " counted: 2 CAB approvals and 0 security reviews"));
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM);

    change.add(Approval.by(SAM).as(SECURITY_REVIEWER));
    assertThat(change.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void assess_configuredQuorum_replacesTheDefault() {
    Policy strict = Policy.DEFAULT.withQuorum(Risk.LOW, new Quorum(3, 1));
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    change.approve(BOB);
    change.approve(CAROL);

    ChangeAssessment three = change.assess(strict);

    assertThat(three.quorum()).isEqualTo(new Quorum(3, 1));
    assertThat(three.missing())
        .containsExactly(
            new Reason(
                ReasonCode.MISSING_QUORUM,
                "low risk needs 3 CAB approvers and 1 security reviewer;"
                    + " counted: 3 CAB approvals and 0 security reviews"));
    assertThat(three.gate(PLAN, PRODUCTION, List.of()).verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(change.assess().status()).isEqualTo(ChangeStatus.APPROVED);

    change.add(Approval.by(SAM).as(SECURITY_REVIEWER));
    assertThat(change.assess(strict).status()).isEqualTo(ChangeStatus.APPROVED);
  }

  // Separation of duties

  @Test
  void assess_requesterApprovesOwnChange_isSelfApproval() {
    Actor requester = TestChange.actor("pipeline:acme", "CAB_APPROVER", "REQUESTER");
    TestChange change =
        TestChange.submitted(
            requester,
            TestChange.change(
                Optional.of(Risk.LOW), Optional.of(PRODUCTION), TestChange.SCAN_PASSED));
    UUID own = change.approve(requester);

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, own)).isEqualTo(Standing.SELF_APPROVAL);
    assertThat(assessment.counted()).isEmpty();
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM);
  }

  @Test
  void assess_requesterApprovingUnderAnotherName_isRefused() {
    Actor requester = TestChange.actor("pipeline:acme", "CAB_APPROVER", "REQUESTER");
    TestChange change =
        TestChange.submitted(
            requester,
            TestChange.change(
                Optional.of(Risk.LOW), Optional.of(PRODUCTION), TestChange.SCAN_PASSED));
    change.log(
        requester,
        new CabApproved(
            new UUID(9, 9),
            TestChange.ACME,
            PLAN,
            Optional.empty(),
            "bob",
            CAB_APPROVER,
            ApprovalStatus.APPROVED,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ApprovalConstraints.NONE,
            Optional.empty()));

    assertThatThrownBy(change::assess)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry 1 names bob as who acted, but its actor is pipeline:acme");
  }

  @Test
  void assess_prApproverWhenExcluded_doesNotCount() {
    ChangeEvidence evidence =
        new ChangeEvidence(
            Optional.of("https://git.example/pull/1"),
            List.of("alice"),
            Optional.of("passed"),
            Optional.empty(),
            Optional.empty());
    TestChange change =
        TestChange.submitted(
            PIPELINE, TestChange.change(Optional.of(Risk.LOW), Optional.of(PRODUCTION), evidence));
    UUID a = change.approve(ALICE);
    Policy separate = new Policy(Policy.DEFAULT.quorum(), true, true);

    ChangeAssessment excluded = change.assess(separate);

    assertThat(standing(excluded, a)).isEqualTo(Standing.PR_APPROVER);
    assertThat(excluded.gate(PLAN, PRODUCTION, List.of()).verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(standing(change.assess(), a)).isEqualTo(Standing.COUNTS);

    change.approve(BOB);
    assertThat(change.assess(separate).status()).isEqualTo(ChangeStatus.APPROVED);
  }

  @Test
  void assess_sameApproverTwice_countsOnce() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    UUID first = change.approve(ALICE);
    UUID second = change.approve(ALICE);

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, first)).isEqualTo(Standing.COUNTS);
    assertThat(standing(assessment, second)).isEqualTo(Standing.DUPLICATE);
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM);
  }

  @Test
  void assess_sameApproverInBothRoles_countsOnce() {
    Actor both = TestChange.actor("alice", "CAB_APPROVER", "SECURITY_REVIEWER");
    TestChange change = TestChange.submitted(Risk.CRITICAL);
    UUID asCab = change.add(Approval.by(both).as(CAB_APPROVER));
    UUID asSecurity = change.add(Approval.by(both).as(SECURITY_REVIEWER));
    change.approve(BOB);

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, asCab)).isEqualTo(Standing.COUNTS);
    assertThat(standing(assessment, asSecurity)).isEqualTo(Standing.DUPLICATE);
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM);

    change.add(Approval.by(SAM).as(SECURITY_REVIEWER));
    assertThat(change.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void assess_roleTheTokenDidNotHold_doesNotCount() {
    Actor reviewer = TestChange.actor("sam", "SECURITY_REVIEWER");
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID claimed = change.add(Approval.by(reviewer).as(CAB_APPROVER));

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, claimed)).isEqualTo(Standing.ROLE_NOT_HELD);
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM);
  }

  @Test
  void assess_roleThatDoesNotApprove_doesNotCount() {
    Actor admin = TestChange.actor("admin", "PLATFORM_ADMIN");
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID byAdmin = change.add(Approval.by(admin).as("PLATFORM_ADMIN"));

    assertThat(standing(change.assess(), byAdmin)).isEqualTo(Standing.ROLE_NOT_HELD);
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM);
  }

  @Test
  void assess_denialInARoleNotHeld_doesNotBlock() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    UUID denial = change.reject(TestChange.actor("mallory", "REQUESTER"));

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, denial)).isEqualTo(Standing.ROLE_NOT_HELD);
    assertThat(assessment.status()).isEqualTo(ChangeStatus.APPROVED);
  }

  // Expiry

  @Test
  void assess_expiryDateReached_isExpired() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID a = change.add(Approval.by(ALICE).expires(NOW));

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, a)).isEqualTo(Standing.EXPIRED);
    assertThat(assessment.missing())
        .contains(new Reason(ReasonCode.EXPIRED, "the approval " + a + " by alice has expired"));
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM, ReasonCode.EXPIRED);
  }

  @Test
  void assess_expiryDateAfterNow_counts() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID a = change.add(Approval.by(ALICE).expires(NOW.plusMillis(1)));

    assertThat(standing(change.assess(), a)).isEqualTo(Standing.COUNTS);
    assertThat(change.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void assess_approvalExpiredEntry_isExpired() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID a = change.add(Approval.by(ALICE).expires(NOW.plusSeconds(3600)));
    change.expire(a);

    assertThat(standing(change.assess(), a)).isEqualTo(Standing.EXPIRED);
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM, ReasonCode.EXPIRED);
  }

  @Test
  void assess_expiredApprovalWhileQuorumHolds_isNoReason() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID old = change.add(Approval.by(ALICE).expires(NOW.minusSeconds(1)));
    change.approve(BOB);

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, old)).isEqualTo(Standing.EXPIRED);
    assertThat(assessment.missing()).isEmpty();
    assertThat(assessment.status()).isEqualTo(ChangeStatus.APPROVED);
  }

  @Test
  void assess_expiredEntryForADenial_stillDenies() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(BOB);
    UUID denial = change.reject(ALICE);
    change.expire(denial);

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, denial)).isEqualTo(Standing.DENIES);
    assertBlocked(change.gate(), ReasonCode.DENIED);
  }

  // Revocation

  @Test
  void assess_revokedByPlatformAdmin_isRevoked() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID a = change.approve(ALICE);
    change.revoke(ADMIN, a);

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, a)).isEqualTo(Standing.REVOKED);
    assertThat(assessment.missing())
        .contains(
            new Reason(ReasonCode.REVOKED, "the approval " + a + " by alice was revoked by admin"));
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM, ReasonCode.REVOKED);
  }

  @Test
  void assess_revokedBySomeoneElse_isIgnored() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID a = change.approve(ALICE);
    change.revoke(BOB, a);
    change.revoke(PIPELINE, a);

    assertThat(standing(change.assess(), a)).isEqualTo(Standing.COUNTS);
    assertThat(change.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void assess_revokedBySomeoneElseThenByAdmin_namesTheAdmin() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID a = change.approve(ALICE);
    change.revoke(BOB, a);
    change.revoke(ADMIN, a);
    change.revoke(TestChange.actor("root", "PLATFORM_ADMIN"), a);

    assertThat(change.assess().missing())
        .contains(
            new Reason(ReasonCode.REVOKED, "the approval " + a + " by alice was revoked by admin"));
  }

  @Test
  void assess_revokedDenial_noLongerBlocks() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(BOB);
    UUID denial = change.reject(ALICE);
    change.revoke(ADMIN, denial);

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, denial)).isEqualTo(Standing.REVOKED);
    assertThat(assessment.missing()).isEmpty();
    assertThat(change.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  // Supersession

  @Test
  void assess_supersededBySameApprover_onlyTheNewCounts() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID first = change.approve(ALICE);
    UUID update =
        change.add(
            Approval.by(ALICE).conditions("Staging only").constraints(staging()).supersedes(first));

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, first)).isEqualTo(Standing.SUPERSEDED);
    assertThat(standing(assessment, update)).isEqualTo(Standing.COUNTS);
    assertBlocked(change.gate(), ReasonCode.ENVIRONMENT_NOT_ALLOWED);
  }

  @Test
  void assess_supersededByAnotherApprover_isIgnored() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    UUID first = change.approve(ALICE);
    UUID other = change.add(Approval.by(BOB).supersedes(first));

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, first)).isEqualTo(Standing.COUNTS);
    assertThat(standing(assessment, other)).isEqualTo(Standing.COUNTS);
    assertThat(assessment.status()).isEqualTo(ChangeStatus.APPROVED);
  }

  @Test
  void assess_laterSupersedesByAnotherApprover_doNotUndoTheSupersession() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID first = change.approve(ALICE);
    UUID update =
        change.add(
            Approval.by(ALICE).conditions("Staging only").constraints(staging()).supersedes(first));
    change.add(Approval.by(BOB).supersedes(first));

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, first)).isEqualTo(Standing.SUPERSEDED);
    assertThat(standing(assessment, update)).isEqualTo(Standing.COUNTS);
    assertBlocked(change.gate(), ReasonCode.ENVIRONMENT_NOT_ALLOWED);
  }

  @Test
  void assess_supersedingALaterDecision_isIgnored() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID next = new UUID(0x0b6f6a572c4e4b8eL, 2);
    UUID approval = change.add(Approval.by(ALICE).supersedes(next));
    UUID denial = change.reject(ALICE);

    ChangeAssessment assessment = change.assess();

    assertThat(denial).isEqualTo(next);
    assertThat(standing(assessment, approval)).isEqualTo(Standing.COUNTS);
    assertThat(standing(assessment, denial)).isEqualTo(Standing.DENIES);
    assertBlocked(change.gate(), ReasonCode.DENIED);
  }

  @Test
  void assess_approvalSupersededByOwnDenial_deniesAndNoLongerCounts() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID approval = change.approve(ALICE);
    UUID denial = change.reject(ALICE, Optional.of(approval));

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, approval)).isEqualTo(Standing.SUPERSEDED);
    assertThat(standing(assessment, denial)).isEqualTo(Standing.DENIES);
    assertThat(assessment.status()).isEqualTo(ChangeStatus.DENIED);
    assertBlocked(change.gate(), ReasonCode.DENIED, ReasonCode.MISSING_QUORUM);
  }

  // Denial

  @Test
  void assess_denial_blocksWithDeniedStatus() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(BOB);
    UUID denial = change.reject(ALICE);

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, denial)).isEqualTo(Standing.DENIES);
    assertThat(assessment.status()).isEqualTo(ChangeStatus.DENIED);
    assertThat(assessment.missing())
        .containsExactly(
            new Reason(ReasonCode.DENIED, "alice denied the change (decision " + denial + ")"));
    assertBlocked(change.gate(), ReasonCode.DENIED);
  }

  @Test
  void assess_denialByAPrApproverWhenExcluded_stillBlocks() {
    ChangeEvidence evidence =
        new ChangeEvidence(
            Optional.empty(),
            List.of("alice"),
            Optional.of("passed"),
            Optional.empty(),
            Optional.empty());
    TestChange change =
        TestChange.submitted(
            PIPELINE, TestChange.change(Optional.of(Risk.LOW), Optional.of(PRODUCTION), evidence));
    change.approve(BOB);
    UUID denial = change.reject(ALICE);

    ChangeAssessment assessment = change.assess(new Policy(Policy.DEFAULT.quorum(), true, true));

    assertThat(standing(assessment, denial)).isEqualTo(Standing.DENIES);
    assertThat(assessment.status()).isEqualTo(ChangeStatus.DENIED);
    assertThat(assessment.gate(PLAN, PRODUCTION, List.of()).verdict())
        .isEqualTo(GateVerdict.BLOCKED);
  }

  @Test
  void assess_requestersOwnDenial_blocks() {
    Actor requester = TestChange.actor("pipeline:acme", "CAB_APPROVER", "REQUESTER");
    TestChange change =
        TestChange.submitted(
            requester,
            TestChange.change(
                Optional.of(Risk.LOW), Optional.of(PRODUCTION), TestChange.SCAN_PASSED));
    change.approve(BOB);
    UUID denial = change.reject(requester);

    assertThat(standing(change.assess(), denial)).isEqualTo(Standing.DENIES);
    assertBlocked(change.gate(), ReasonCode.DENIED);
  }

  @Test
  void assess_denialSupersededBySameApprover_noLongerBlocks() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID denial = change.reject(ALICE);
    UUID approval = change.add(Approval.by(ALICE).supersedes(denial));

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, denial)).isEqualTo(Standing.SUPERSEDED);
    assertThat(standing(assessment, approval)).isEqualTo(Standing.COUNTS);
    assertThat(change.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void assess_denialSupersededByAnotherApprover_stillBlocks() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID denial = change.reject(ALICE);
    change.add(Approval.by(BOB).supersedes(denial));

    assertThat(standing(change.assess(), denial)).isEqualTo(Standing.DENIES);
    assertThat(change.assess().status()).isEqualTo(ChangeStatus.DENIED);
    assertBlocked(change.gate(), ReasonCode.DENIED);
  }

  // Re-planning

  @Test
  void assess_approvalOfAnEarlierPlan_isOtherPlan() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID old = change.approve(ALICE);
    change.replan(PLAN_2);

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, old)).isEqualTo(Standing.OTHER_PLAN);
    assertThat(assessment.history().planHash()).isEqualTo(PLAN_2);
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM);

    change.approve(ALICE);
    assertThat(change.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void assess_denialOfAnEarlierPlan_doesNotBlock() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID denial = change.reject(ALICE);
    change.replan(PLAN_2);
    change.approve(BOB);

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, denial)).isEqualTo(Standing.OTHER_PLAN);
    assertThat(assessment.status()).isEqualTo(ChangeStatus.APPROVED);
  }

  @Test
  void assess_replannedBackToAnEarlierPlan_keepsItsOldApprovalsVoid() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID old = change.approve(ALICE);
    change.replan(PLAN_2);
    change.replan(PLAN);

    ChangeAssessment assessment = change.assess();

    assertThat(standing(assessment, old)).isEqualTo(Standing.OTHER_PLAN);
    assertBlocked(change.gate(), ReasonCode.MISSING_QUORUM);
  }

  @Test
  void assess_replannedBackToAnEarlierPlan_keepsItsOldExceptionsVoid() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    change.approveException(SAM, x, ExceptionType.VULNERABILITY_SCAN, Optional.empty());
    change.replan(PLAN_2);
    change.replan(PLAN);
    change.approve(ALICE);

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.exceptions()).isEmpty();
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_appliedBeforeAReplanToTheSamePlan_isNotApplied() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.applied(PLAN);
    change.replan(PLAN_2);
    change.replan(PLAN);

    assertThat(change.assess().status()).isEqualTo(ChangeStatus.PENDING);
  }

  // Security scan and exceptions

  @Test
  void assess_failedScanWithoutException_needsOne() {
    TestChange change = failedScan("failed: 3 critical");
    change.approve(ALICE);

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.missing())
        .containsExactly(
            new Reason(
                ReasonCode.EXCEPTION_MISSING,
                "the security scan reported \"failed: 3 critical\""
                    + " and no vulnerability_scan exception is approved"));
    assertThat(assessment.status()).isEqualTo(ChangeStatus.PENDING);
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_missingScanWithoutException_needsOne() {
    TestChange change =
        TestChange.submitted(
            PIPELINE,
            TestChange.change(Optional.of(Risk.LOW), Optional.of(PRODUCTION), ChangeEvidence.NONE));
    change.approve(ALICE);

    assertThat(change.assess().missing())
        .containsExactly(
            new Reason(
                ReasonCode.EXCEPTION_MISSING,
                "the security scan is missing and no vulnerability_scan exception is approved"));
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_failedScanWhenThePolicyDoesNotRequireOne_isApproved() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);

    assertThat(change.assess(new Policy(Policy.DEFAULT.quorum(), false, false)).status())
        .isEqualTo(ChangeStatus.APPROVED);
  }

  @Test
  void assess_failedScanWithApprovedException_isApproved() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    change.approveException(SAM, x, ExceptionType.VULNERABILITY_SCAN, Optional.empty());

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.exceptions())
        .extracting(AssessedException::state)
        .containsExactly(State.APPROVED);
    assertThat(assessment.exceptions().getFirst().exceptionId()).isEqualTo(x);
    assertThat(assessment.exceptions().getFirst().decision()).isPresent();
    assertThat(assessment.status()).isEqualTo(ChangeStatus.APPROVED);
    assertThat(change.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void assess_pendingException_blocks() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);

    ChangeAssessment assessment = change.assess();

    assertThat(state(assessment)).isEqualTo(State.PENDING);
    assertThat(assessment.exceptions().getFirst().decision()).isEmpty();
    assertThat(assessment.missing())
        .contains(
            new Reason(
                ReasonCode.EXCEPTION_MISSING,
                "the vulnerability_scan exception " + x + " is pending"));
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_deniedException_blocks() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    change.denyException(SAM, x);

    ChangeAssessment assessment = change.assess();

    assertThat(state(assessment)).isEqualTo(State.DENIED);
    assertThat(assessment.missing())
        .contains(
            new Reason(
                ReasonCode.EXCEPTION_MISSING,
                "the vulnerability_scan exception " + x + " is denied"));
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_exceptionApprovedThenDenied_isDenied() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    change.approveException(SAM, x, ExceptionType.VULNERABILITY_SCAN, Optional.empty());
    change.denyException(TESS, x);

    assertThat(state(change.assess())).isEqualTo(State.DENIED);
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_exceptionApprovedAsAnotherType_isDenied() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    change.approveException(SAM, x, ExceptionType.CROSS_BOUNDARY, Optional.empty());

    assertThat(state(change.assess())).isEqualTo(State.DENIED);
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_approvedExceptionOfAnotherType_doesNotExcuseTheScan() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.CROSS_BOUNDARY);
    change.approveException(SAM, x, ExceptionType.CROSS_BOUNDARY, Optional.empty());

    ChangeAssessment assessment = change.assess();

    assertThat(state(assessment)).isEqualTo(State.APPROVED);
    assertThat(assessment.missing())
        .extracting(Reason::code)
        .containsExactly(ReasonCode.EXCEPTION_MISSING);
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_exceptionPastItsExpiryDate_isExpired() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    change.approveException(SAM, x, ExceptionType.VULNERABILITY_SCAN, Optional.of(NOW));

    assertThat(state(change.assess())).isEqualTo(State.EXPIRED);
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_exceptionBeforeItsExpiryDate_counts() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    change.approveException(
        SAM, x, ExceptionType.VULNERABILITY_SCAN, Optional.of(NOW.plusMillis(1)));

    assertThat(state(change.assess())).isEqualTo(State.APPROVED);
    assertThat(change.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void assess_exceptionWithExpiredEntry_isExpired() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    UUID approval =
        change.approveException(SAM, x, ExceptionType.VULNERABILITY_SCAN, Optional.empty());
    change.expire(approval);

    assertThat(state(change.assess())).isEqualTo(State.EXPIRED);
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_exceptionRevokedByAdmin_isRevoked() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    UUID approval =
        change.approveException(SAM, x, ExceptionType.VULNERABILITY_SCAN, Optional.empty());
    change.revoke(ADMIN, approval);

    assertThat(state(change.assess())).isEqualTo(State.REVOKED);
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_exceptionRevokedBySomeoneElse_staysApproved() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    UUID approval =
        change.approveException(SAM, x, ExceptionType.VULNERABILITY_SCAN, Optional.empty());
    change.revoke(TESS, approval);

    assertThat(state(change.assess())).isEqualTo(State.APPROVED);
    assertThat(change.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void assess_exceptionDecidedByTheChangesRequester_doesNotCount() {
    Actor requester = TestChange.actor("pipeline:acme", "REQUESTER", "SECURITY_REVIEWER");
    TestChange change =
        TestChange.submitted(
            requester,
            TestChange.change(
                Optional.of(Risk.LOW), Optional.of(PRODUCTION), TestChange.scan("failed")));
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    change.approveException(requester, x, ExceptionType.VULNERABILITY_SCAN, Optional.empty());

    assertThat(state(change.assess())).isEqualTo(State.PENDING);
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_exceptionDecidedByItsOwnRequester_doesNotCount() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(SAM, ExceptionType.VULNERABILITY_SCAN);
    change.approveException(SAM, x, ExceptionType.VULNERABILITY_SCAN, Optional.empty());

    assertThat(state(change.assess())).isEqualTo(State.PENDING);
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_exceptionDecidedWithoutTheSecurityReviewerRole_doesNotCount() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    change.approveException(BOB, x, ExceptionType.VULNERABILITY_SCAN, Optional.empty());

    assertThat(state(change.assess())).isEqualTo(State.PENDING);
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_exceptionDecisionOfAnUnrequestedException_isIgnored() {
    TestChange change = failedScan("failed");
    change.approve(ALICE);
    UUID unrequested = new UUID(7, 7);
    change.approveException(SAM, unrequested, ExceptionType.VULNERABILITY_SCAN, Optional.empty());

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.exceptions()).isEmpty();
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  @Test
  void assess_exceptionForAnEarlierPlan_isNotListed() {
    TestChange change = failedScan("failed");
    UUID x = change.requestException(PIPELINE, ExceptionType.VULNERABILITY_SCAN);
    change.approveException(SAM, x, ExceptionType.VULNERABILITY_SCAN, Optional.empty());
    change.replan(PLAN_2);
    change.approve(ALICE);

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.exceptions()).isEmpty();
    assertBlocked(change.gate(), ReasonCode.EXCEPTION_MISSING);
  }

  // Status

  @Test
  void assess_countedConditionalApproval_isConditional() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.add(Approval.by(ALICE).conditions("Monitor for 48 hours"));

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.status()).isEqualTo(ChangeStatus.CONDITIONAL);
    assertThat(assessment.status().json()).isEqualTo("conditional");
  }

  @Test
  void assess_conditionalApprovalThatDoesNotCount_leavesItApproved() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    change.add(Approval.by(ALICE).conditions("Monitor for 48 hours"));

    assertThat(change.assess().status()).isEqualTo(ChangeStatus.APPROVED);
  }

  @Test
  void assess_currentPlanApplied_isApplied() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    change.applied(PLAN);

    assertThat(change.assess().status()).isEqualTo(ChangeStatus.APPLIED);
  }

  @Test
  void assess_anotherPlanApplied_isNotApplied() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    change.applied(PLAN_2);

    assertThat(change.assess().status()).isEqualTo(ChangeStatus.APPROVED);
  }

  @Test
  void assess_appliedWhileDenied_isApplied() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.reject(ALICE);
    change.applied(PLAN);

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.status()).isEqualTo(ChangeStatus.APPLIED);
    assertBlocked(change.gate(), ReasonCode.DENIED);
  }

  @Test
  void assess_keepsItsInputs() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);

    ChangeAssessment assessment = change.assess();

    assertThat(assessment.at()).isEqualTo(NOW);
    assertThat(assessment.policy()).isEqualTo(Policy.DEFAULT);
    assertThat(assessment.history().events()).isEqualTo(change.events());
    assertThat(assessment.decisions()).hasSize(1);
    AssessedDecision d = assessment.decisions().getFirst();
    assertThat(d.entry()).isEqualTo(change.events().get(1));
    assertThat(d.approverRole()).isEqualTo(CAB_APPROVER);
    assertThat(d.approves()).isTrue();
    assertThat(d.expiresAt()).isEmpty();
    assertThat(d.constraints()).isEqualTo(ApprovalConstraints.NONE);
  }

  // The gate

  @Test
  void gate_otherPlanHash_blocks() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);

    GateAnswer gate = change.assess().gate(PLAN_2, PRODUCTION, List.of());

    assertThat(gate.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(gate.reasons())
        .containsExactly(
            new Reason(
                ReasonCode.PLAN_HASH_DIFFERS,
                "the plan's SHA-256 is " + PLAN_2.hex() + " but change CR-1 is for " + PLAN.hex()));
  }

  @Test
  void gate_otherEnvironmentThanTheChanges_blocks() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);

    GateAnswer gate = change.assess().gate(PLAN, "staging", List.of());

    assertThat(gate.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(gate.reasons())
        .containsExactly(
            new Reason(
                ReasonCode.ENVIRONMENT_NOT_ALLOWED, "change CR-1 targets production, not staging"));
  }

  @Test
  void gate_changeWithoutEnvironment_allowsAny() {
    TestChange change =
        TestChange.submitted(
            PIPELINE,
            TestChange.change(Optional.of(Risk.LOW), Optional.empty(), TestChange.SCAN_PASSED));
    change.approve(ALICE);

    assertThat(change.assess().gate(PLAN, "anywhere", List.of()).verdict())
        .isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void gate_environmentTheApprovalDoesNotAllow_blocks() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID a =
        change.add(
            Approval.by(ALICE).conditions("Staging and QA only").constraints(stagingAndQa()));

    GateAnswer gate = change.gate();

    assertThat(gate.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(gate.reasons())
        .containsExactly(
            new Reason(
                ReasonCode.ENVIRONMENT_NOT_ALLOWED,
                "the approval " + a + " by alice allows only staging, qa"));
  }

  @Test
  void gate_environmentTheApprovalAllows_passes() {
    TestChange change =
        TestChange.submitted(
            PIPELINE,
            TestChange.change(Optional.of(Risk.LOW), Optional.of("qa"), TestChange.SCAN_PASSED));
    change.add(Approval.by(ALICE).conditions("Staging and QA only").constraints(stagingAndQa()));

    GateAnswer gate = change.assess().gate(PLAN, "qa", List.of());

    assertThat(gate.verdict()).isEqualTo(GateVerdict.APPROVED);
    assertThat(gate.conditions()).containsExactly("Staging and QA only");
  }

  @Test
  void gate_beforeTheWindow_blocks() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID a =
        change.add(
            Approval.by(ALICE)
                .conditions("Saturday night")
                .constraints(window(NOW.plusSeconds(60), Optional.of(NOW.plusSeconds(120)))));

    GateAnswer gate = change.gate();

    assertThat(gate.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(gate.reasons())
        .containsExactly(
            new Reason(
                ReasonCode.OUTSIDE_WINDOW,
                "the approval "
                    + a
                    + " by alice allows applying only from "
                    + NOW.plusSeconds(60)
                    + " until "
                    + NOW.plusSeconds(120)));
  }

  @Test
  void gate_afterTheWindow_blocks() {
    TestChange change = TestChange.submitted(Risk.LOW);
    UUID a =
        change.add(
            Approval.by(ALICE)
                .conditions("Before the freeze")
                .constraints(
                    new ApprovalConstraints(
                        List.of(), Optional.empty(), Optional.of(NOW.minusMillis(1)))));

    assertThat(change.gate().reasons())
        .containsExactly(
            new Reason(
                ReasonCode.OUTSIDE_WINDOW,
                "the approval "
                    + a
                    + " by alice allows applying only until "
                    + NOW.minusMillis(1)));
  }

  @Test
  void gate_atTheWindowsEdges_passes() {
    TestChange opens = TestChange.submitted(Risk.LOW);
    opens.add(Approval.by(ALICE).conditions("From now").constraints(window(NOW, Optional.empty())));
    TestChange closes = TestChange.submitted(Risk.LOW);
    closes.add(
        Approval.by(ALICE)
            .conditions("Until now")
            .constraints(new ApprovalConstraints(List.of(), Optional.empty(), Optional.of(NOW))));

    assertThat(opens.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
    assertThat(closes.gate().verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void gate_constraintOfADecisionThatDoesNotCount_isNotApplied() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    change.add(Approval.by(ALICE).conditions("Staging only").constraints(staging()));

    GateAnswer gate = change.gate();

    assertThat(gate.verdict()).isEqualTo(GateVerdict.APPROVED);
    assertThat(gate.conditions()).isEmpty();
  }

  @Test
  void gate_unverifiedEntries_block() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    Reason forged = new Reason(ReasonCode.SIGNATURE_INVALID, "entry 1: no valid signature");
    Reason missing = new Reason(ReasonCode.NOT_IN_LOG, "entry 1 is not included");

    GateAnswer gate = change.assess().gate(PLAN, PRODUCTION, List.of(forged, missing, forged));

    assertThat(gate.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(gate.reasons()).containsExactly(forged, missing);
  }

  @Test
  void gate_conditionsOfEveryCountedApproval_areCollected() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.add(Approval.by(ALICE).conditions("Monitor for 48 hours", "Page the DBA"));
    change.add(Approval.by(BOB).conditions("Snapshot first"));

    GateAnswer gate = change.gate();

    assertThat(gate.verdict()).isEqualTo(GateVerdict.APPROVED);
    assertThat(gate.conditions())
        .containsExactly("Monitor for 48 hours", "Page the DBA", "Snapshot first");
    assertThat(gate.approvals())
        .extracting(AssessedDecision::approver)
        .containsExactly("alice", "bob");
  }

  @Test
  void gate_everyReason_isReportedInOrder() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.add(Approval.by(ALICE).conditions("QA only").constraints(stagingAndQa()));
    change.reject(BOB);
    Reason forged = new Reason(ReasonCode.SIGNATURE_INVALID, "entry 1: no valid signature");

    GateAnswer gate = change.assess().gate(PLAN_2, "staging", List.of(forged));

    assertThat(gate.reasons())
        .extracting(Reason::code)
        .containsExactly(
            ReasonCode.SIGNATURE_INVALID,
            ReasonCode.PLAN_HASH_DIFFERS,
            ReasonCode.ENVIRONMENT_NOT_ALLOWED,
            ReasonCode.DENIED);
  }

  @Test
  void gate_approvedExactlyWhenNoReason() {
    Map<String, TestChange> histories =
        Map.of(
            "approved", approvedLowRisk(),
            "denied", deniedLowRisk(),
            "pending", TestChange.submitted(Risk.HIGH));
    for (var h : histories.entrySet()) {
      GateAnswer gate = h.getValue().gate();

      assertThat(gate.verdict() == GateVerdict.APPROVED)
          .as(h.getKey())
          .isEqualTo(gate.reasons().isEmpty());
      assertThat(gate.verdict() == GateVerdict.APPROVED)
          .as(h.getKey())
          .isEqualTo(h.getKey().equals("approved"));
    }
  }

  @Test
  void gate_insideAFreezeOfTheClientAndEnvironment_blocksNamingItsEndAndReason() {
    FreezeDeclared freeze =
        freeze(
            List.of(PRODUCTION),
            new FreezeWindow.OneOff(NOW.minusSeconds(60), NOW.plusSeconds(60)));

    GateAnswer gate =
        approvedLowRisk().assess().gate(PLAN, PRODUCTION, List.of(), new Freezes(List.of(freeze)));

    assertThat(gate.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(gate.reasons())
        .containsExactly(
            new Reason(
                ReasonCode.FREEZE,
                "freeze "
                    + freeze.freezeId()
                    + " holds acme in production from 2026-04-02T14:29:00Z until"
                    + " 2026-04-02T14:31:00Z: Release weekend"));
  }

  @Test
  void gate_outsideTheFreezeWindow_approves() {
    FreezeDeclared ended =
        freeze(List.of(PRODUCTION), new FreezeWindow.OneOff(NOW.minusSeconds(60), NOW));
    FreezeDeclared later =
        freeze(
            List.of(PRODUCTION), new FreezeWindow.OneOff(NOW.plusMillis(1), NOW.plusSeconds(60)));

    GateAnswer gate =
        approvedLowRisk()
            .assess()
            .gate(PLAN, PRODUCTION, List.of(), new Freezes(List.of(ended, later)));

    assertThat(gate.verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void gate_freezeOfAnotherClientOrEnvironment_doesNotBlock() {
    FreezeWindow now = new FreezeWindow.OneOff(NOW.minusSeconds(60), NOW.plusSeconds(60));
    FreezeDeclared staging = freeze(List.of("staging"), now);
    FreezeDeclared globex =
        new FreezeDeclared(
            UUID.randomUUID(), List.of(new ClientId("globex")), List.of(PRODUCTION), now, "Theirs");

    GateAnswer gate =
        approvedLowRisk()
            .assess()
            .gate(PLAN, PRODUCTION, List.of(), new Freezes(List.of(staging, globex)));

    assertThat(gate.verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void gate_recurringFreeze_blocksInItsWindowsOnly() {
    // NOW is 14:30 UTC, 16:30 in Berlin (CEST).
    FreezeDeclared afternoons =
        freeze(
            List.of(PRODUCTION), FreezeWindow.Recurring.of("30 16 * * *", "PT1M", "Europe/Berlin"));
    FreezeDeclared mornings =
        freeze(
            List.of(PRODUCTION), FreezeWindow.Recurring.of("0 8 * * *", "PT8H", "Europe/Berlin"));

    assertThat(
            approvedLowRisk()
                .assess()
                .gate(PLAN, PRODUCTION, List.of(), new Freezes(List.of(afternoons)))
                .reasons())
        .extracting(Reason::code)
        .containsExactly(ReasonCode.FREEZE);
    assertThat(
            approvedLowRisk()
                .assess()
                .gate(PLAN, PRODUCTION, List.of(), new Freezes(List.of(mornings)))
                .verdict())
        .isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void gate_freeze_comesAfterThePolicysOwnReasons() {
    FreezeDeclared freeze =
        freeze(
            List.of(PRODUCTION),
            new FreezeWindow.OneOff(NOW.minusSeconds(60), NOW.plusSeconds(60)));

    GateAnswer gate =
        TestChange.submitted(Risk.HIGH)
            .assess()
            .gate(PLAN_2, PRODUCTION, List.of(), new Freezes(List.of(freeze)));

    assertThat(gate.reasons())
        .extracting(Reason::code)
        .containsExactly(
            ReasonCode.PLAN_HASH_DIFFERS, ReasonCode.MISSING_QUORUM, ReasonCode.FREEZE);
  }

  @Test
  void gate_anotherChangeAppliedToTheTargetAfterThePlan_blocksTargetChangedNamingIt() {
    TestChange change = approvedLowRisk();

    GateAnswer gate =
        change
            .assess()
            .gate(
                PLAN,
                PRODUCTION,
                List.of(),
                Freezes.NONE,
                applies(apply("CR-2", 10, "acme", Optional.of("tf-aws-rds"), PRODUCTION)));

    assertThat(gate.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(gate.reasons())
        .containsExactly(
            new Reason(
                ReasonCode.TARGET_CHANGED,
                "change CR-2 was applied to acme module tf-aws-rds in production at "
                    + TestChange.T0.plus(Duration.ofHours(2))
                    + " (entry 10), after this plan was made: plan again against the new state"));
  }

  @Test
  void gate_applyToAnotherModuleEnvironmentOrClient_doesNotBlock() {
    GateAnswer gate =
        approvedLowRisk()
            .assess()
            .gate(
                PLAN,
                PRODUCTION,
                List.of(),
                Freezes.NONE,
                applies(
                    apply("CR-2", 10, "acme", Optional.of("tf-aws-vpc"), PRODUCTION),
                    apply("CR-3", 11, "acme", Optional.empty(), PRODUCTION),
                    apply("CR-4", 12, "acme", Optional.of("tf-aws-rds"), "staging"),
                    apply("CR-5", 13, "globex", Optional.of("tf-aws-rds"), PRODUCTION)));

    assertThat(gate.verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void gate_applyBeforeTheRePlan_doesNotBlockTheNewPlan() {
    TestChange change = approvedLowRisk();
    ChangeApplied other =
        new ChangeApplied(new ClientId("acme"), PLAN_2, PRODUCTION, Optional.of("tf-aws-rds"));
    change.replan(PLAN_2); // entry 2: after the apply at entry 1 below
    change.approve(BOB);

    GateAnswer gate =
        change
            .assess()
            .gate(
                PLAN_2,
                PRODUCTION,
                List.of(),
                Freezes.NONE,
                applies(new TargetApplies.Applied("CR-2", 1, TestChange.T0, other)));

    assertThat(gate.verdict()).isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void gate_theChangesOwnApply_doesNotBlock() {
    TestChange change = approvedLowRisk();
    ChangeApplied own =
        new ChangeApplied(new ClientId("acme"), PLAN, PRODUCTION, Optional.of("tf-aws-rds"));

    GateAnswer gate =
        change
            .assess()
            .gate(
                PLAN,
                PRODUCTION,
                List.of(),
                Freezes.NONE,
                applies(new TargetApplies.Applied(TestChange.CHANGE, 5, TestChange.T0, own)));

    assertThat(gate.reasons()).extracting(Reason::code).doesNotContain(ReasonCode.TARGET_CHANGED);
  }

  @Test
  void gate_overrideByAnotherPlatformAdmin_approvesNamingItAndWhatItLifted() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    LoggedEvent override = change.override(ADMIN);

    GateAnswer gate = change.gate();

    assertThat(gate.verdict()).isEqualTo(GateVerdict.APPROVED);
    assertThat(gate.reasons()).isEmpty();
    assertThat(gate.override()).isPresent();
    PolicyOverride o = gate.override().orElseThrow();
    assertThat(o.entry()).isEqualTo(override);
    assertThat(o.overriddenBy()).isEqualTo("admin");
    assertThat(o.lifted()).extracting(Reason::code).containsExactly(ReasonCode.MISSING_QUORUM);
    assertThat(o.logged())
        .isEqualTo(
            "overridden: by admin in entry 1 at "
                + override.createdAt()
                + ", lifting missing-quorum: the database is down; this plan fixes it");
  }

  @Test
  void gate_override_liftsAFreezeAndADenial() {
    TestChange change = deniedLowRisk();
    change.override(ADMIN);
    FreezeDeclared freeze =
        freeze(
            List.of(PRODUCTION),
            new FreezeWindow.OneOff(NOW.minusSeconds(60), NOW.plusSeconds(60)));

    GateAnswer gate =
        change.assess().gate(PLAN, PRODUCTION, List.of(), new Freezes(List.of(freeze)));

    assertThat(gate.verdict()).isEqualTo(GateVerdict.APPROVED);
    assertThat(gate.override().orElseThrow().lifted())
        .extracting(Reason::code)
        .containsExactly(ReasonCode.DENIED, ReasonCode.FREEZE);
  }

  @Test
  void gate_override_stillBlocksAnotherPlanHashAndAnEntryThatDoesNotVerify() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.override(ADMIN);
    Reason forged = new Reason(ReasonCode.SIGNATURE_INVALID, "entry 7: its signature fails");

    GateAnswer other = change.assess().gate(PLAN_2, PRODUCTION, List.of());
    GateAnswer unverified = change.assess().gate(PLAN, PRODUCTION, List.of(forged));

    assertThat(other.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(other.override()).isEmpty();
    assertThat(other.reasons())
        .extracting(Reason::code)
        .containsExactly(ReasonCode.PLAN_HASH_DIFFERS, ReasonCode.MISSING_QUORUM);
    assertThat(unverified.verdict()).isEqualTo(GateVerdict.BLOCKED);
  }

  @Test
  void gate_overrideOfAnEarlierPlan_doesNotCount() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.override(ADMIN);
    change.replan(PLAN_2);

    GateAnswer gate = change.gate();

    assertBlocked(gate, ReasonCode.MISSING_QUORUM);
    assertThat(gate.override()).isEmpty();
  }

  @Test
  void gate_overrideByTheRequesterOrWithoutTheAdminRole_doesNotCount() {
    Actor adminPipeline = TestChange.actor("ops", "REQUESTER", "PLATFORM_ADMIN");
    TestChange own =
        TestChange.submitted(
            adminPipeline,
            TestChange.change(
                Optional.of(Risk.HIGH), Optional.of(PRODUCTION), TestChange.SCAN_PASSED));
    own.override(adminPipeline);
    TestChange byApprover = TestChange.submitted(Risk.HIGH);
    byApprover.override(ALICE);

    assertBlocked(own.gate(), ReasonCode.MISSING_QUORUM);
    assertBlocked(byApprover.gate(), ReasonCode.MISSING_QUORUM);
  }

  private static TargetApplies applies(TargetApplies.Applied... applies) {
    return new TargetApplies(List.of(applies));
  }

  /** An apply of another change, logged two hours after the change's first entry. */
  private static TargetApplies.Applied apply(
      String changeId, long index, String client, Optional<String> module, String environment) {
    return new TargetApplies.Applied(
        changeId,
        index,
        TestChange.T0.plus(Duration.ofHours(2)),
        new ChangeApplied(new ClientId(client), PLAN, environment, module));
  }

  private static FreezeDeclared freeze(List<String> environments, FreezeWindow window) {
    return new FreezeDeclared(
        UUID.randomUUID(), List.of(TestChange.ACME), environments, window, "Release weekend");
  }

  private static TestChange approvedLowRisk() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    return change;
  }

  private static TestChange deniedLowRisk() {
    TestChange change = approvedLowRisk();
    change.reject(BOB);
    return change;
  }

  private static TestChange failedScan(String result) {
    return TestChange.submitted(
        PIPELINE,
        TestChange.change(Optional.of(Risk.LOW), Optional.of(PRODUCTION), TestChange.scan(result)));
  }

  private static ApprovalConstraints staging() {
    return new ApprovalConstraints(List.of("staging"), Optional.empty(), Optional.empty());
  }

  private static ApprovalConstraints stagingAndQa() {
    return new ApprovalConstraints(List.of("staging", "qa"), Optional.empty(), Optional.empty());
  }

  private static ApprovalConstraints window(
      java.time.Instant from, Optional<java.time.Instant> until) {
    return new ApprovalConstraints(List.of(), Optional.of(from), until);
  }

  private static Standing standing(ChangeAssessment assessment, UUID approvalId) {
    return assessment.decisions().stream()
        .filter(d -> d.approvalId().equals(approvalId))
        .findFirst()
        .orElseThrow()
        .standing();
  }

  private static State state(ChangeAssessment assessment) {
    assertThat(assessment.exceptions()).hasSize(1);
    return assessment.exceptions().getFirst().state();
  }

  private static void assertBlocked(GateAnswer gate, ReasonCode... codes) {
    assertThat(gate.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(gate.reasons()).extracting(Reason::code).contains(codes);
  }

  private static final Policy SIGNED_HIGH =
      Policy.DEFAULT.withApproverSignatures(EnumSet.of(Risk.HIGH, Risk.CRITICAL));

  @Test
  void assess_highRiskApprovalsWithoutApproverSignature_areUnsignedAndSayWhy() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    UUID alice = change.approve(ALICE);
    change.approveSigned(BOB);

    ChangeAssessment assessment = change.assess(SIGNED_HIGH);

    assertThat(assessment.decisions())
        .extracting(AssessedDecision::standing)
        .containsExactly(Standing.UNSIGNED, Standing.COUNTS);
    assertThat(assessment.missing())
        .containsExactly(
            new Reason(
                ReasonCode.MISSING_QUORUM,
                "high risk needs 2 CAB approvers; counted: 1 CAB approval"),
            new Reason(
                ReasonCode.APPROVER_SIGNATURE_MISSING,
                "the approval "
                    + alice
                    + " by alice is not signed with an approver key of theirs, which high risk"
                    + " asks (prepare and sign it: POST /api/changes/CR-1/decisions/prepare)"));
    assertThat(assessment.status()).isEqualTo(ChangeStatus.PENDING);
  }

  @Test
  void assess_highRiskApprovalsSignedByTheirApprovers_areApproved() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.approveSigned(ALICE);
    change.approveSigned(BOB);

    assertThat(change.assess(SIGNED_HIGH).status()).isEqualTo(ChangeStatus.APPROVED);
    assertThat(change.assess(SIGNED_HIGH).gate(change.plan(), PRODUCTION, List.of()).verdict())
        .isEqualTo(GateVerdict.APPROVED);
  }

  @Test
  void assess_lowRiskWhenSignaturesAreAskedForHighOnly_countsServiceSignedApprovals() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);

    assertThat(change.assess(SIGNED_HIGH).status()).isEqualTo(ChangeStatus.APPROVED);
  }

  @Test
  void assess_noRiskWhenSignaturesAreAskedForCritical_asksThemFailingClosed() {
    assertThat(SIGNED_HIGH.requiresApproverSignature(Optional.empty())).isTrue();
    assertThat(Policy.DEFAULT.requiresApproverSignature(Optional.of(Risk.CRITICAL))).isFalse();
  }

  @Test
  void policy_appliedAndBack_keepsTheSignedLevels() {
    assertThat(Policy.of(SIGNED_HIGH.applied())).isEqualTo(SIGNED_HIGH);
  }
}
