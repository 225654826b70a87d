package dev.cabledger.core.policy;

import static dev.cabledger.core.policy.TestChange.ACME;
import static dev.cabledger.core.policy.TestChange.ALICE;
import static dev.cabledger.core.policy.TestChange.PIPELINE;
import static dev.cabledger.core.policy.TestChange.PLAN;
import static dev.cabledger.core.policy.TestChange.PLAN_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ChangeEvidence;
import dev.cabledger.core.event.ChangeReplanned;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.event.SampleEvents;
import dev.cabledger.core.freeze.FreezeWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChangeHistoryTest {

  @Test
  void of_aChangesEntries_describesTheChange() {
    TestChange change = TestChange.submitted(Risk.HIGH);
    change.approve(ALICE);

    ChangeHistory history = change.history();

    assertThat(history.changeId()).isEqualTo("CR-1");
    assertThat(history.client()).isEqualTo(ACME);
    assertThat(history.requester()).isEqualTo(PIPELINE);
    assertThat(history.planHash()).isEqualTo(PLAN);
    assertThat(history.environment()).contains("production");
    assertThat(history.submitted().risk()).contains(Risk.HIGH);
    assertThat(history.submission()).isEqualTo(change.events().getFirst());
    assertThat(history.events()).isEqualTo(change.events());
  }

  @Test
  void planHash_afterReplans_isTheLastOne() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.replan(PLAN_2);
    change.approve(ALICE);
    change.replan(TestChange.digest("plan 3"));

    assertThat(change.history().planHash()).isEqualTo(TestChange.digest("plan 3"));
  }

  @Test
  void planEntry_withoutReplan_isTheSubmission() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);

    assertThat(change.history().planEntry()).isEqualTo(change.events().getFirst());
  }

  @Test
  void planEntry_afterReplans_isTheLastReplan() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.replan(PLAN_2);
    change.replan(PLAN);
    change.approve(ALICE);

    ChangeHistory history = change.history();

    assertThat(history.planEntry()).isEqualTo(change.events().get(2));
    assertThat(history.planHash()).isEqualTo(PLAN);
  }

  @Test
  void environment_notNamed_isEmpty() {
    TestChange change =
        TestChange.submitted(
            PIPELINE,
            TestChange.change(Optional.of(Risk.LOW), Optional.empty(), ChangeEvidence.NONE));

    assertThat(change.history().environment()).isEmpty();
  }

  @Test
  void of_noEntries_isRejected() {
    assertThatThrownBy(() -> ChangeHistory.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a change's history begins with its CHANGE_SUBMITTED");
  }

  @Test
  void of_notBeginningWithTheSubmission_isRejected() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    List<LoggedEvent> events = change.events();

    assertThatThrownBy(() -> ChangeHistory.of(events.subList(1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a change's history begins with its CHANGE_SUBMITTED");
  }

  @Test
  void of_entriesOutOfLogOrder_isRejected() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    change.approve(TestChange.BOB);
    List<LoggedEvent> events = new ArrayList<>(change.events());
    events.add(1, events.remove(2));

    assertThatThrownBy(() -> ChangeHistory.of(events))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a change's entries must be in log order");
  }

  @Test
  void of_sameEntryTwice_isRejected() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.approve(ALICE);
    List<LoggedEvent> events = new ArrayList<>(change.events());
    events.add(events.get(1));

    assertThatThrownBy(() -> ChangeHistory.of(events))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a change's entries must be in log order");
  }

  @Test
  void of_entryOfAnotherChange_isRejected() {
    TestChange change = TestChange.submitted(Risk.LOW);
    List<LoggedEvent> events = new ArrayList<>(change.events());
    events.add(
        new LoggedEvent(
            5,
            new Statement(
                "CR-2",
                PLAN,
                new Event(
                    "corr-5",
                    new ChangeApplied(ACME, PLAN, "production"),
                    PIPELINE,
                    TestChange.T0))));

    assertThatThrownBy(() -> ChangeHistory.of(events))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry 5 is about CR-2, not CR-1");
  }

  @Test
  void of_applyOfAnotherModule_isRejected() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.log(PIPELINE, new ChangeApplied(ACME, PLAN, "production", Optional.of("tf-aws-vpc")));

    assertThatThrownBy(change::history)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry 1 applies module tf-aws-vpc but change CR-1 is for module tf-aws-rds");
  }

  @Test
  void module_rePlanNamingOne_isTheNewModule() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.log(PIPELINE, new ChangeReplanned(ACME, PLAN_2, PLAN, Optional.of("tf-aws-aurora")));
    change.log(
        PIPELINE, new ChangeApplied(ACME, PLAN_2, "production", Optional.of("tf-aws-aurora")));

    assertThat(change.history().module()).contains("tf-aws-aurora");
  }

  @Test
  void of_entryOfAnotherClient_isRejected() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.log(PIPELINE, new ChangeApplied(new ClientId("globex"), PLAN, "production"));

    assertThatThrownBy(change::history)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry 1 is not an event of client acme");
  }

  @Test
  void of_eventNotAboutAChange_isRejected() {
    TestChange change = TestChange.submitted(Risk.LOW);
    List<LoggedEvent> events = new ArrayList<>(change.events());
    events.add(
        new LoggedEvent(
            3,
            new Statement(
                "CR-1",
                PLAN,
                new Event(
                    "corr-3",
                    new FreezeDeclared(
                        new UUID(1, 1),
                        List.of(ACME),
                        List.of("production"),
                        new FreezeWindow.OneOff(TestChange.T0, TestChange.NOW),
                        "Freeze"),
                    TestChange.ADMIN,
                    TestChange.T0))));

    assertThatThrownBy(() -> ChangeHistory.of(events))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry 3 is not an event of client acme");
  }

  @Test
  void of_submittedTwice_isRejected() {
    TestChange change = TestChange.submitted(Risk.LOW);
    change.log(
        PIPELINE, TestChange.change(Optional.of(Risk.LOW), Optional.empty(), ChangeEvidence.NONE));

    assertThatThrownBy(change::history)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("change CR-1 is submitted twice");
  }

  @Test
  void of_decisionNamingAnotherApproverThanItsActor_isRejected() {
    Actor requester = TestChange.actor("pipeline:acme", "CAB_APPROVER", "REQUESTER");
    TestChange change =
        TestChange.submitted(
            requester,
            TestChange.change(Optional.of(Risk.LOW), Optional.empty(), TestChange.SCAN_PASSED));
    change.log(requester, approval("bob", PLAN));

    assertThatThrownBy(change::history)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry 1 names bob as who acted, but its actor is pipeline:acme");
  }

  @Test
  void of_eventPlanHashOtherThanItsSubject_isRejected() {
    TestChange change = TestChange.submitted(Risk.LOW);
    List<LoggedEvent> events = new ArrayList<>(change.events());
    events.add(
        new LoggedEvent(
            1,
            new Statement(
                "CR-1",
                PLAN,
                new Event("corr-1", approval("alice", PLAN_2), ALICE, TestChange.T0))));

    assertThatThrownBy(() -> ChangeHistory.of(events))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry 1 states plan_hash " + PLAN_2.hex() + " but is about " + PLAN.hex());
  }

  @Test
  void of_copiesTheEntries() {
    TestChange change = TestChange.submitted(Risk.LOW);
    List<LoggedEvent> events = new ArrayList<>(change.events());
    ChangeHistory history = ChangeHistory.of(events);
    events.clear();

    assertThat(history.events()).hasSize(1);
  }

  private static CabApproved approval(String approver, Digest plan) {
    return new CabApproved(
        new UUID(9, 9),
        ACME,
        plan,
        Optional.empty(),
        approver,
        "CAB_APPROVER",
        ApprovalStatus.APPROVED,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        ApprovalConstraints.NONE,
        Optional.empty());
  }

  @Test
  void partOf_everyEventOfAChangeButNotesAndGateAnswers() {
    for (EventData data : SampleEvents.everyType(PLAN, "user:alice")) {
      boolean expected =
          data instanceof EventData.OfChange
              && data.type() != EventType.GATE_EVALUATED
              && data.type() != EventType.PIPELINE_NOTE;
      assertThat(ChangeHistory.partOf(data)).as(data.type().name()).isEqualTo(expected);
    }
    assertThat(
            SampleEvents.everyType(PLAN, "user:alice").stream()
                .filter(ChangeHistory::partOf)
                .map(EventData::type))
        .contains(EventType.CHANGE_SUBMITTED, EventType.CAB_APPROVED, EventType.CHANGE_APPLIED)
        .doesNotContain(EventType.GATE_EVALUATED, EventType.PIPELINE_NOTE);
  }
}
