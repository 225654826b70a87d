package dev.cabledger.core.bundle;

import static dev.cabledger.core.bundle.TestBundles.SERVICE;
import static dev.cabledger.core.bundle.TestBundles.STRANGER;
import static dev.cabledger.core.bundle.TestBundles.aboutBundle;
import static dev.cabledger.core.bundle.TestBundles.aboutEntry;
import static dev.cabledger.core.bundle.TestBundles.at;
import static dev.cabledger.core.bundle.TestBundles.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.AppliedPolicy;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ChangeEvidence;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ChangeTemplateApproved;
import dev.cabledger.core.event.ChangeTemplateDefined;
import dev.cabledger.core.event.ChangeTemplateMatched;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EmergencyApproved;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.core.event.PipelineNote;
import dev.cabledger.core.event.PolicyOverridden;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.freeze.FreezeWindow;
import dev.cabledger.core.policy.Policy;
import dev.cabledger.core.policy.VerdictCheck;
import dev.cabledger.core.registry.LogTrust;
import dev.cabledger.core.sign.MlDsa65;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The verifier re-derives each gate answer of a bundle from the entries before it: a verdict the
 * log does not support is a finding naming the entry, the change and both verdicts; one it cannot
 * re-derive is a notice. Negative fixtures are named after their defect.
 */
class GateReplayTest {
  private static final ClientId ACME = new ClientId("acme");
  private static final Actor PIPELINE =
      Actor.of("pipeline:acme", List.of("REQUESTER"), "https://idp.example");
  private static final Actor ALICE =
      Actor.of("alice", List.of("CAB_APPROVER"), "https://idp.example");
  private static final Actor BOB = Actor.of("bob", List.of("CAB_APPROVER"), "https://idp.example");
  private static final Actor ADMIN =
      Actor.of("admin", List.of("PLATFORM_ADMIN"), "https://idp.example");
  private static final Optional<AppliedPolicy> DEFAULT = Optional.of(Policy.DEFAULT.applied());

  @Test
  void verify_approvedWithQuorum_isAMatch() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.HIGH);
    cr.submit(log);
    cr.approve(log, ALICE);
    cr.approve(log, BOB);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    VerifiedBundle ok = log.bundle().verify(TestBundles.trust());

    assertThat(ok.gates()).isEqualTo(new GateVerdicts(1, 0, 0, List.of()));
    assertThat(ok.gates().summary())
        .isEqualTo("1 logged, 1 re-derived (1 matched, 0 mismatched), 0 not re-derivable");
  }

  @Test
  void verify_decisionAppendedAfterTheGateReadTheHistory_isNotHeldAgainstItsAnswer() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.HIGH);
    cr.submit(log); // 2
    cr.approve(log, ALICE); // 3: the gate reads the history up to here
    cr.approve(log, BOB); // 4: committed before the gate's answer, unseen by it
    cr.gate(log, GateVerdict.BLOCKED, List.of("missing-quorum: 1 of 2"), DEFAULT, Optional.of(3L));

    VerifiedBundle ok = log.bundle().verify(TestBundles.trust());

    assertThat(ok.gates()).isEqualTo(new GateVerdicts(1, 0, 0, List.of()));
  }

  @Test
  void blockedThoughItsAssessedHistoryHadQuorum_isAFinding() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.HIGH);
    cr.submit(log);
    cr.approve(log, ALICE);
    cr.approve(log, BOB);
    cr.gate(log, GateVerdict.BLOCKED, List.of("missing-quorum: 1 of 2"), DEFAULT, Optional.of(4L));

    assertThat(failure(log.bundle()).findings())
        .singleElement()
        .is(aboutEntry(5, "recorded blocked (missing-quorum), re-derived approved"));
  }

  @Test
  void approvedWithoutQuorum_isAFindingNamingTheEntryChangeAndBothVerdicts() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.HIGH);
    cr.submit(log);
    cr.approve(log, ALICE);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    BundleVerificationException failed = failure(log.bundle());

    assertThat(failed.findings())
        .singleElement()
        .is(
            aboutEntry(
                4,
                "the gate's verdict for change CR-7 does not re-derive: recorded approved,"
                    + " re-derived blocked (missing-quorum) from the change's entries before it,"
                    + " under the recorded policy at "
                    + at(4)));
    assertThat(failed.gates()).isEqualTo(new GateVerdicts(0, 1, 0, List.of()));
  }

  @Test
  void blockedWithQuorum_isAFinding() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.LOW);
    cr.submit(log);
    cr.approve(log, ALICE);
    cr.gate(log, GateVerdict.BLOCKED, List.of("missing-quorum: none"), DEFAULT);

    assertThat(failure(log.bundle()).findings())
        .singleElement()
        .is(aboutEntry(4, "recorded blocked (missing-quorum), re-derived approved"));
  }

  @Test
  void approvedForAChangeNeverSubmitted_isAFinding() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-never", Risk.LOW);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    assertThat(failure(log.bundle()).findings())
        .singleElement()
        .is(aboutEntry(2, "recorded approved, re-derived blocked (not-in-log)"));
  }

  @Test
  void verify_gateWithoutPolicy_isANoticeNotAFinding() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.HIGH);
    cr.submit(log);
    cr.gate(log, GateVerdict.APPROVED, List.of(), Optional.empty());

    VerifiedBundle ok = log.bundle().verify(TestBundles.trust());

    assertThat(ok.gates().notRederivable()).isEqualTo(1);
    assertThat(ok.gates().notices())
        .extracting(VerdictCheck::toString)
        .containsExactly("entry 3 (change CR-7): verdict not re-derivable: no policy recorded");
  }

  @Test
  void verify_manyGatesWithoutPolicy_countsEveryOneAndListsTheFirstHundred() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.LOW);
    cr.submit(log);
    for (int i = 0; i <= GateVerdicts.MAX_NOTICES; i++) {
      cr.gate(log, GateVerdict.BLOCKED, List.of("missing-quorum: 0 count"), Optional.empty());
    }

    VerifiedBundle ok = log.bundle().verify(TestBundles.trust());

    assertThat(ok.gates().notRederivable()).isEqualTo(GateVerdicts.MAX_NOTICES + 1);
    assertThat(ok.gates().notices()).hasSize(GateVerdicts.MAX_NOTICES);
  }

  @Test
  void verify_historyStartingBeforeTheBundle_isANotice() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.HIGH);
    cr.submit(log);
    cr.approve(log, ALICE);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    VerifiedBundle ok = log.bundle(3, log.size(), log.size()).verify(TestBundles.trust());

    assertThat(ok.gates()).isEqualTo(new GateVerdicts(0, 0, 1, ok.gates().notices()));
    assertThat(ok.gates().notices())
        .extracting(VerdictCheck::detail)
        .containsExactly("verdict not re-derivable: the change's history starts before the bundle");
  }

  @Test
  void verify_entryWhoseSignatureFails_blocksAsTheGateCountedIt() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.LOW);
    cr.submit(log);
    cr.approve(log, ALICE);
    log.appendSigned(cr.approval(log, BOB), STRANGER);
    cr.gate(log, GateVerdict.BLOCKED, List.of("signature-invalid: entry 4"), DEFAULT);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    BundleVerificationException failed = failure(log.bundle());

    // The bad entry is a finding of its own; the first answer counted it as the gate did, the
    // second says approved although an entry of the change does not verify.
    assertThat(failed.findings()).hasSize(2);
    assertThat(failed.findings().getFirst()).is(aboutEntry(4, "is signed by key"));
    assertThat(failed.findings().getLast())
        .is(aboutEntry(6, "recorded approved, re-derived blocked (signature-invalid)"));
    assertThat(failed.gates()).isEqualTo(new GateVerdicts(1, 1, 0, List.of()));
  }

  @Test
  void checkpointThatDoesNotVerify_isTheOnlyFindingNotOneMismatchPerGate() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.LOW);
    cr.submit(log);
    cr.approve(log, ALICE);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);
    LogTrust otherLog =
        new LogTrust(
            TestBundles.ORIGIN, TestBundles.id(STRANGER), MlDsa65.spki(STRANGER.getPublic()));

    BundleVerificationException failed =
        catchThrowableOfType(
            BundleVerificationException.class,
            () ->
                new BundleVerifier(Optional.of(otherLog), Optional.empty())
                    .verify(new ByteArrayInputStream(log.bundle().write())));

    assertThat(failed.findings())
        .singleElement()
        .is(aboutBundle("the checkpoint is not signed by the pinned log key"));
    assertThat(failed.gates().matched()).isEqualTo(1);
  }

  @Test
  void verify_pipelineNoteAboutTheChange_isNotPartOfItsHistory() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.LOW);
    cr.submit(log);
    cr.approve(log, ALICE);
    // Of another client: in the history it would break it, and the answer would be blocked.
    log.appendSigned(
        cr.statement(
            log,
            PIPELINE,
            new PipelineNote(
                new ClientId("other"), cr.plan, JsonNodeFactory.instance.objectNode())),
        SERVICE);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    assertThat(log.bundle().verify(TestBundles.trust()).gates().matched()).isEqualTo(1);
  }

  @Test
  void verify_earlierAnswersAreNotPartOfTheHistory() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.LOW);
    cr.submit(log);
    cr.gate(log, GateVerdict.BLOCKED, List.of("missing-quorum: 0 count"), DEFAULT);
    cr.approve(log, ALICE);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    assertThat(log.bundle().verify(TestBundles.trust()).gates().matched()).isEqualTo(2);
  }

  @Test
  void verify_changeDroppedBeyondTheMemoryBudget_isANotice() {
    TestBundles.Log log = log(0);
    Change first = new Change("CR-1", Risk.LOW);
    Change second = new Change("CR-2", Risk.LOW);
    long cost = first.submit(log) + second.submit(log) + second.approve(log, ALICE);
    first.gate(log, GateVerdict.BLOCKED, List.of("missing-quorum: 0 count"), DEFAULT);
    second.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);
    byte[] bundle = log.bundle().write();

    // One byte short of keeping both: the change touched least recently goes.
    VerifiedBundle ok =
        new BundleVerifier(Optional.of(TestBundles.trust()), Optional.empty(), cost - 1)
            .verify(new ByteArrayInputStream(bundle));

    assertThat(ok.gates().matched()).isEqualTo(1);
    assertThat(ok.gates().notices())
        .extracting(VerdictCheck::toString)
        .containsExactly(
            "entry 5 (change CR-1): verdict not re-derivable: the verifier dropped the change's"
                + " entries to stay within its memory budget");
  }

  @Test
  void verify_freezeInTheBundle_blocksAsTheGateCountedIt() {
    TestBundles.Log log = log(0);
    declareFreeze(log);
    Change cr = new Change("CR-7", Risk.LOW);
    cr.submit(log);
    cr.approve(log, ALICE);
    cr.gate(log, GateVerdict.BLOCKED, List.of("freeze: holds acme in production"), DEFAULT);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    BundleVerificationException failed = failure(log.bundle());

    assertThat(failed.findings())
        .singleElement()
        .is(aboutEntry(6, "recorded approved, re-derived blocked (freeze)"));
    assertThat(failed.gates()).isEqualTo(new GateVerdicts(1, 1, 0, List.of()));
  }

  @Test
  void verify_freezeDeclaredBeforeTheBundle_isANotice() {
    TestBundles.Log log = log(0);
    declareFreeze(log);
    Change cr = new Change("CR-7", Risk.LOW);
    cr.submit(log);
    cr.approve(log, ALICE);
    cr.gate(log, GateVerdict.BLOCKED, List.of("freeze: holds acme in production"), DEFAULT);

    VerifiedBundle ok = log.bundle(3, log.size(), log.size()).verify(TestBundles.trust());

    assertThat(ok.gates().notRederivable()).isEqualTo(1);
    assertThat(ok.gates().notices())
        .extracting(VerdictCheck::detail)
        .containsExactly(VerdictCheck.FREEZE_UNKNOWN);
  }

  @Test
  void verify_freezeWhoseSubjectIsNotItself_isAFinding() {
    TestBundles.Log log = log(0);
    FreezeDeclared freeze = yearEnd();
    log.appendSigned(
        new Statement(
            "CR-7", freeze.subjectDigest(), new Event("corr-2", freeze, ADMIN, at(log.size()))),
        SERVICE);

    assertThat(failure(log.bundle()).findings())
        .singleElement()
        .is(aboutEntry(2, "freeze's subject is not its freeze_id"));
  }

  @Test
  void verify_applyToTheTargetInTheBundle_blocksTheStaleChangeAsTheGateCountedIt() {
    TestBundles.Log log = log(0);
    Change stale = new Change("CR-7", Risk.LOW);
    Change applied = new Change("CR-8", Risk.LOW);
    stale.submit(log);
    stale.approve(log, ALICE);
    applied.submit(log);
    applied.approve(log, ALICE);
    applied.applied(log);
    stale.gate(
        log, GateVerdict.BLOCKED, List.of("target-changed: change CR-8 was applied"), DEFAULT);
    stale.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    BundleVerificationException failed = failure(log.bundle());

    assertThat(failed.findings())
        .singleElement()
        .is(aboutEntry(8, "recorded approved, re-derived blocked (target-changed)"));
    assertThat(failed.gates()).isEqualTo(new GateVerdicts(1, 1, 0, List.of()));
  }

  @Test
  void verify_overrideInTheBundle_approvesAndAnAnswerNotNamingItIsAFinding() {
    TestBundles.Log log = log(0);
    Change cr = new Change("CR-7", Risk.HIGH);
    cr.submit(log);
    cr.override(log);
    cr.gate(log, GateVerdict.APPROVED, List.of("overridden: by admin in entry 3"), DEFAULT);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    BundleVerificationException failed = failure(log.bundle());

    assertThat(failed.findings())
        .singleElement()
        .is(aboutEntry(5, "recorded approved, re-derived approved (overridden)"));
    assertThat(failed.gates()).isEqualTo(new GateVerdicts(1, 1, 0, List.of()));
  }

  @Test
  void verify_standardChangeApprovedByATemplateInTheBundle_isAMatch() {
    TestBundles.Log log = log(0);
    defineTemplate(log); // 2
    approveTemplate(log, ALICE); // 3
    Change cr = new Change("CR-7", Risk.LOW);
    cr.submit(log, cr.submitted().asStandard(ROTATION.templateId()));
    cr.matched(log);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    VerifiedBundle ok = log.bundle().verify(TestBundles.trust());

    assertThat(ok.gates()).isEqualTo(new GateVerdicts(1, 0, 0, List.of()));
  }

  @Test
  void verify_standardChangeApprovedThoughItsTemplateWasNeverApproved_isAFinding() {
    TestBundles.Log log = log(0);
    defineTemplate(log);
    Change cr = new Change("CR-7", Risk.LOW);
    cr.submit(log, cr.submitted().asStandard(ROTATION.templateId()));
    cr.matched(log);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    assertThat(failure(log.bundle()).findings())
        .singleElement()
        .is(aboutEntry(5, "recorded approved, re-derived blocked (template-not-approved)"));
  }

  @Test
  void verify_templateApprovedBeforeTheBundle_isANotice() {
    TestBundles.Log log = log(0);
    defineTemplate(log);
    approveTemplate(log, ALICE);
    Change cr = new Change("CR-7", Risk.LOW);
    cr.submit(log, cr.submitted().asStandard(ROTATION.templateId())); // 4
    cr.matched(log);
    cr.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);

    VerifiedBundle ok = log.bundle(4, log.size(), log.size()).verify(TestBundles.trust());

    assertThat(ok.gates().notices())
        .extracting(VerdictCheck::detail)
        .containsExactly(VerdictCheck.TEMPLATE_UNKNOWN);
  }

  @Test
  void verify_emergencyApprovedDuringAFreeze_isAMatchAndANormalChangeBlockedByItToo() {
    TestBundles.Log log = log(0);
    declareFreeze(log);
    Change emergency = new Change("CR-7", Risk.HIGH);
    emergency.submit(log, emergency.submitted().asEmergency("the payment API is down"));
    emergency.emergencyApproved(log);
    emergency.gate(log, GateVerdict.APPROVED, List.of(), DEFAULT);
    Change normal = new Change("CR-8", Risk.LOW);
    normal.submit(log);
    normal.approve(log, ALICE);
    normal.gate(log, GateVerdict.BLOCKED, List.of("freeze: holds acme in production"), DEFAULT);

    VerifiedBundle ok = log.bundle().verify(TestBundles.trust());

    assertThat(ok.gates()).isEqualTo(new GateVerdicts(2, 0, 0, List.of()));
  }

  private static final ChangeTemplateDefined ROTATION =
      new ChangeTemplateDefined(
          UUID.fromString("3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b"),
          ACME,
          "tf-aws-rds",
          "production",
          Risk.MEDIUM,
          "Rotate the database certificate",
          Optional.empty());

  private static void defineTemplate(TestBundles.Log log) {
    int i = log.size();
    log.appendSigned(
        new Statement(
            ROTATION.subjectName(),
            ROTATION.subjectDigest(),
            new Event("corr-" + i, ROTATION, ADMIN, at(i))),
        SERVICE);
  }

  private static void approveTemplate(TestBundles.Log log, Actor who) {
    int i = log.size();
    ChangeTemplateApproved approval =
        new ChangeTemplateApproved(
            ROTATION.templateId(), ACME, ROTATION.subjectDigest(), who.subject());
    log.appendSigned(
        new Statement(
            ROTATION.subjectName(),
            ROTATION.subjectDigest(),
            new Event("corr-" + i, approval, who, at(i))),
        SERVICE);
  }

  /** Acme's production is frozen for the first hour of the test log. */
  private static FreezeDeclared yearEnd() {
    return new FreezeDeclared(
        UUID.fromString("7a1c0b7e-5d2f-4c1a-9e3b-2f4d6a8c0e11"),
        List.of(ACME),
        List.of("production"),
        new FreezeWindow.OneOff(at(0), at(0).plusSeconds(3600)),
        "Release weekend");
  }

  private static void declareFreeze(TestBundles.Log log) {
    FreezeDeclared freeze = yearEnd();
    int i = log.size();
    log.appendSigned(
        new Statement(
            freeze.subjectName(),
            freeze.subjectDigest(),
            new Event("corr-" + i, freeze, ADMIN, at(i))),
        SERVICE);
  }

  private static BundleVerificationException failure(TestBundles.Bundle bundle) {
    return catchThrowableOfType(
        BundleVerificationException.class,
        () ->
            new BundleVerifier(Optional.of(TestBundles.trust()), Optional.empty())
                .verify(new ByteArrayInputStream(bundle.write())));
  }

  /** A change whose entries are appended as the service signs them, each at {@link #at}. */
  private static final class Change {
    final String id;
    final Risk risk;
    final Digest plan;

    Change(String id, Risk risk) {
      this.id = id;
      this.risk = risk;
      this.plan = Digest.sha256(("plan of " + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Appends the submission; returns what keeping it costs the verifier. */
    long submit(TestBundles.Log log) {
      return submit(log, submitted());
    }

    long submit(TestBundles.Log log, ChangeSubmitted submitted) {
      return append(log, statement(log, PIPELINE, submitted));
    }

    ChangeSubmitted submitted() {
      return new ChangeSubmitted(
          ACME,
          plan,
          Optional.of("tf-aws-rds"),
          Optional.of("production"),
          Optional.of("Resize the database"),
          Optional.of(risk),
          Optional.empty(),
          List.of(),
          Optional.empty(),
          Optional.empty(),
          new ChangeEvidence(
              Optional.empty(),
              List.of(),
              Optional.of("passed"),
              Optional.empty(),
              Optional.empty()));
    }

    /** Appends the service's entry citing the template, for the requester. */
    void matched(TestBundles.Log log) {
      append(
          log,
          statement(
              log,
              PIPELINE,
              new ChangeTemplateMatched(
                  ACME, plan, ROTATION.templateId(), ROTATION.subjectDigest())));
    }

    /** Appends one platform admin's emergency approval. */
    void emergencyApproved(TestBundles.Log log) {
      append(
          log, statement(log, ADMIN, new EmergencyApproved(ACME, plan, "admin", "PLATFORM_ADMIN")));
    }

    /** Appends an approval by {@code who}; returns what keeping it costs the verifier. */
    long approve(TestBundles.Log log, Actor who) {
      return append(log, approval(log, who));
    }

    Statement approval(TestBundles.Log log, Actor who) {
      return statement(
          log,
          who,
          new CabApproved(
              UUID.randomUUID(),
              ACME,
              plan,
              Optional.of("tf-aws-rds"),
              who.subject(),
              "CAB_APPROVER",
              ApprovalStatus.APPROVED,
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              ApprovalConstraints.NONE,
              Optional.empty()));
    }

    /** Appends the apply of its plan to production. */
    void applied(TestBundles.Log log) {
      append(
          log,
          statement(
              log,
              PIPELINE,
              new ChangeApplied(ACME, plan, "production", Optional.of("tf-aws-rds"))));
    }

    /** Appends a platform admin's override of its plan. */
    void override(TestBundles.Log log) {
      append(log, statement(log, ADMIN, new PolicyOverridden(ACME, plan, "outage")));
    }

    void gate(
        TestBundles.Log log,
        GateVerdict verdict,
        List<String> reasons,
        Optional<AppliedPolicy> policy) {
      gate(log, verdict, reasons, policy, Optional.empty());
    }

    void gate(
        TestBundles.Log log,
        GateVerdict verdict,
        List<String> reasons,
        Optional<AppliedPolicy> policy,
        Optional<Long> historyThrough) {
      append(
          log,
          statement(
              log,
              PIPELINE,
              new GateEvaluated(
                  ACME, plan, "production", verdict, reasons, policy, historyThrough)));
    }

    Statement statement(TestBundles.Log log, Actor actor, EventData.OfChange data) {
      int i = log.size();
      return new Statement(id, data.planHash(), new Event("corr-" + i, data, actor, at(i)));
    }

    private static long append(TestBundles.Log log, Statement statement) {
      log.appendSigned(statement, SERVICE);
      return statement.canonicalBytes().length + 64;
    }
  }
}
