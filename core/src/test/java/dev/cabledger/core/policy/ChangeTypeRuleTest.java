package dev.cabledger.core.policy;

import static dev.cabledger.core.policy.TestChange.ACME;
import static dev.cabledger.core.policy.TestChange.ADMIN;
import static dev.cabledger.core.policy.TestChange.ALICE;
import static dev.cabledger.core.policy.TestChange.BOB;
import static dev.cabledger.core.policy.TestChange.NOW;
import static dev.cabledger.core.policy.TestChange.PIPELINE;
import static dev.cabledger.core.policy.TestChange.PRODUCTION;
import static dev.cabledger.core.policy.TestChange.SCAN_PASSED;
import static dev.cabledger.core.policy.TestChange.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ChangeTemplateApproved;
import dev.cabledger.core.event.ChangeTemplateDefined;
import dev.cabledger.core.event.ChangeTemplateMatched;
import dev.cabledger.core.event.ChangeType;
import dev.cabledger.core.event.EmergencyApproved;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.freeze.FreezeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Change types in the policy (docs/workflow.md, "Change types"): a standard change approved by the
 * template it matched, an emergency by one approver through a freeze, and the review it owes.
 */
class ChangeTypeRuleTest {
  private static final UUID TEMPLATE = UUID.fromString("3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b");
  private static final Actor ADMIN_2 = TestChange.actor("dana", "PLATFORM_ADMIN", "CAB_APPROVER");
  private static final ChangeTemplateDefined ROTATION =
      new ChangeTemplateDefined(
          TEMPLATE,
          ACME,
          "tf-aws-rds",
          PRODUCTION,
          Risk.MEDIUM,
          "Rotate the database certificate",
          Optional.empty());

  @Test
  void gate_standardChangeMatchingAnApprovedTemplate_isApprovedCitingTheTemplate() {
    Templates templates = templates(approval(ALICE));
    TestChange c = standard(Risk.LOW);

    GateAnswer answer = gate(c, templates);

    assertThat(answer.verdict()).isEqualTo(GateVerdict.APPROVED);
    assertThat(answer.rule()).get().extracting(RuleApproval::type).isEqualTo(ChangeType.STANDARD);
    assertThat(answer.rule().get().summary())
        .contains("template " + TEMPLATE)
        .contains("Rotate the database certificate")
        .contains("approved by alice");
    assertThat(c.assess().status()).isEqualTo(ChangeStatus.APPROVED);
  }

  @Test
  void gate_standardChangeAboveTheTemplatesRisk_isBlocked() {
    GateAnswer answer = gate(standard(Risk.HIGH), templates(approval(ALICE)));

    assertThat(answer.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(answer.reasons())
        .extracting(Reason::code)
        .containsExactly(ReasonCode.TEMPLATE_NOT_APPROVED);
    assertThat(answer.reasons().getFirst().text()).contains("risk at most medium");
  }

  @Test
  void gate_templateNotYetApproved_blocks() {
    GateAnswer answer = gate(standard(Risk.LOW), templates());

    assertThat(answer.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(answer.reasons())
        .extracting(Reason::code)
        .containsExactly(ReasonCode.TEMPLATE_NOT_APPROVED);
  }

  @Test
  void gate_templateApprovedByItsDefiner_doesNotCount() {
    // dana defined the template and holds the CAB role too: her approval is not the CAB's.
    GateAnswer answer = gate(standard(Risk.LOW), templates(approval(ADMIN_2)));

    assertThat(answer.verdict()).isEqualTo(GateVerdict.BLOCKED);
    assertThat(answer.reasons())
        .extracting(Reason::code)
        .containsExactly(ReasonCode.TEMPLATE_NOT_APPROVED);
  }

  @Test
  void gate_templateApprovedAfterTheCitingEntry_doesNotCount() {
    TestChange c = standard(Risk.LOW);
    Templates late =
        new Templates(
            List.of(template(0, ADMIN_2, ROTATION), template(100, ALICE, approvalOf(ALICE))));

    assertThat(gate(c, late).verdict()).isEqualTo(GateVerdict.BLOCKED);
  }

  @Test
  void gate_normalChangeDuringAFreeze_isBlockedWhileAnEmergencyByOneAdminPasses() {
    Freezes freeze = new Freezes(List.of(freeze()));
    TestChange normal = TestChange.submitted(Risk.LOW);
    normal.approve(ALICE);
    TestChange emergency = emergency();
    emergency.log(ADMIN, new EmergencyApproved(ACME, emergency.plan(), "admin", "PLATFORM_ADMIN"));

    GateAnswer blocked =
        normal.assess().gate(normal.plan(), PRODUCTION, List.of(), freeze, TargetApplies.NONE);
    GateAnswer passed =
        emergency
            .assess()
            .gate(emergency.plan(), PRODUCTION, List.of(), freeze, TargetApplies.NONE);

    assertThat(blocked.reasons()).extracting(Reason::code).containsExactly(ReasonCode.FREEZE);
    assertThat(passed.verdict()).isEqualTo(GateVerdict.APPROVED);
    assertThat(passed.rule()).get().extracting(RuleApproval::type).isEqualTo(ChangeType.EMERGENCY);
    assertThat(passed.rule().get().summary())
        .contains("approved by admin (PLATFORM_ADMIN)")
        .contains("the payment API is down");
  }

  @Test
  void gate_emergencyApprovedByItsRequester_needsTheQuorum() {
    Actor requester = TestChange.actor("admin", "PLATFORM_ADMIN", "REQUESTER");
    TestChange c =
        TestChange.submitted(
            requester,
            TestChange.change(Optional.of(Risk.HIGH), Optional.of(PRODUCTION), SCAN_PASSED)
                .asEmergency("the payment API is down"));
    c.log(requester, new EmergencyApproved(ACME, c.plan(), "admin", "PLATFORM_ADMIN"));

    GateAnswer answer = c.gate();

    assertThat(answer.reasons())
        .extracting(Reason::code)
        .containsExactly(ReasonCode.MISSING_QUORUM);
  }

  @Test
  void gate_emergencyApprovalByARoleNotHeld_doesNotCount() {
    TestChange c = emergency();
    c.log(ALICE, new EmergencyApproved(ACME, c.plan(), "alice", "PLATFORM_ADMIN"));

    assertThat(c.gate().reasons())
        .extracting(Reason::code)
        .containsExactly(ReasonCode.MISSING_QUORUM);
  }

  @Test
  void review_emergencyWithoutCabDecision_isOverdueAfterThePeriodAndNotAfterAReview() {
    TestChange c = emergency();
    LoggedEvent approved =
        c.log(ADMIN, new EmergencyApproved(ACME, c.plan(), "admin", "PLATFORM_ADMIN"));
    Duration fiveDays = Duration.ofDays(5);

    EmergencyReview owed = EmergencyReview.of(c.history(), fiveDays).orElseThrow();

    assertThat(owed.dueAt()).isEqualTo(approved.createdAt().plus(fiveDays));
    assertThat(owed.overdue(NOW)).isFalse();
    assertThat(owed.overdue(approved.createdAt().plus(Duration.ofDays(6)))).isTrue();

    c.approve(BOB);
    EmergencyReview reviewed = EmergencyReview.of(c.history(), fiveDays).orElseThrow();
    assertThat(reviewed.review()).isPresent();
    assertThat(reviewed.overdue(approved.createdAt().plus(Duration.ofDays(6)))).isFalse();
  }

  @Test
  void review_dueFromTheApplyOnceApplied() {
    TestChange c = emergency();
    c.log(ADMIN, new EmergencyApproved(ACME, c.plan(), "admin", "PLATFORM_ADMIN"));
    c.applied(c.plan());
    LoggedEvent apply = c.events().getLast();

    assertThat(EmergencyReview.of(c.history(), Duration.ofDays(5)).orElseThrow().dueAt())
        .isEqualTo(apply.createdAt().plus(Duration.ofDays(5)));
  }

  @Test
  void review_normalChange_owesNone() {
    TestChange c = TestChange.submitted(Risk.LOW);
    c.approve(ALICE);

    assertThat(EmergencyReview.of(c.history(), Duration.ofDays(5))).isEmpty();
  }

  private static TestChange standard(Risk risk) {
    // After the template's entries (0 and 1): the change's are 10 and 11.
    TestChange c =
        TestChange.submittedAt(
            10,
            PIPELINE,
            TestChange.change(Optional.of(risk), Optional.of(PRODUCTION), SCAN_PASSED)
                .asStandard(TEMPLATE));
    c.log(PIPELINE, new ChangeTemplateMatched(ACME, c.plan(), TEMPLATE, ROTATION.subjectDigest()));
    return c;
  }

  private static TestChange emergency() {
    ChangeSubmitted submitted =
        TestChange.change(Optional.of(Risk.HIGH), Optional.of(PRODUCTION), SCAN_PASSED)
            .asEmergency("the payment API is down");
    return TestChange.submitted(PIPELINE, submitted);
  }

  private static GateAnswer gate(TestChange c, Templates templates) {
    return c.assess()
        .gate(c.plan(), PRODUCTION, List.of(), Freezes.NONE, TargetApplies.NONE, templates);
  }

  /** The template defined by dana (entry 0) before the change, and the approvals given. */
  private static Templates templates(LoggedEvent... approvals) {
    List<LoggedEvent> entries = new ArrayList<>();
    entries.add(template(0, ADMIN_2, ROTATION));
    entries.addAll(List.of(approvals));
    return new Templates(entries);
  }

  /** An approval of the template at entry 1, before the change's entries. */
  private static LoggedEvent approval(Actor who) {
    return template(1, who, approvalOf(who));
  }

  private static ChangeTemplateApproved approvalOf(Actor who) {
    return new ChangeTemplateApproved(TEMPLATE, ACME, ROTATION.subjectDigest(), who.subject());
  }

  private static LoggedEvent template(long index, Actor actor, EventData data) {
    return new LoggedEvent(
        index,
        new Statement(
            TEMPLATE.toString(),
            ROTATION.subjectDigest(),
            new Event("corr-t" + index, data, actor, T0.minusSeconds(60))));
  }

  private static FreezeDeclared freeze() {
    return new FreezeDeclared(
        UUID.fromString("7a1c0b7e-5d2f-4c1a-9e3b-2f4d6a8c0e11"),
        List.of(ACME),
        List.of(PRODUCTION),
        new FreezeWindow.OneOff(T0, NOW.plusSeconds(3600)),
        "Release weekend");
  }
}
