package dev.cabledger.core.bundle;

import static dev.cabledger.core.bundle.TestBundles.ADMIN;
import static dev.cabledger.core.bundle.TestBundles.APPROVER;
import static dev.cabledger.core.bundle.TestBundles.SERVICE;
import static dev.cabledger.core.bundle.TestBundles.aboutBundle;
import static dev.cabledger.core.bundle.TestBundles.aboutEntry;
import static dev.cabledger.core.bundle.TestBundles.approval;
import static dev.cabledger.core.bundle.TestBundles.approverKey;
import static dev.cabledger.core.bundle.TestBundles.at;
import static dev.cabledger.core.bundle.TestBundles.enrolmentRejected;
import static dev.cabledger.core.bundle.TestBundles.enrolmentRequested;
import static dev.cabledger.core.bundle.TestBundles.id;
import static dev.cabledger.core.bundle.TestBundles.keyCompromised;
import static dev.cabledger.core.bundle.TestBundles.keyRegistered;
import static dev.cabledger.core.bundle.TestBundles.keyRetired;
import static dev.cabledger.core.bundle.TestBundles.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.registry.RegisteredKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Approver-held keys (docs/formats.md §3, §6): who may register one, and when its signature counts.
 * Entries 0 and 1 register the service's keys; {@link TestBundles.Log#register} enrols an approver
 * key (entry 2) and registers it as a platform admin (entry 3).
 */
class BundleVerifierApproverKeysTest {
  private static final Actor BOB =
      Actor.of("bob@example.com", List.of("CAB_APPROVER"), "https://idp.example");

  @Test
  void verify_approvalSignedByItsApproversRegisteredKey_verifies() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    log.appendSigned(approval(4), SERVICE, APPROVER);

    VerifiedBundle ok = log.bundle().with(b -> b.keys.add(approverKey())).verify();

    assertThat(ok.entries()).isEqualTo(5);
    assertThat(ok.signatures()).isEqualTo(6);
  }

  @Test
  void verify_keyCompromisedSinceBeforeAnApprovalLoggedEarlier_isFound() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    log.appendSigned(approval(4), SERVICE, APPROVER);
    log.appendSigned(keyCompromised(approverKey(), at(4), at(5)), SERVICE);

    List<Finding> findings =
        log.bundle().with(b -> b.keys.add(approverKey().compromised(at(4)))).findings();

    assertThat(findings)
        .singleElement()
        .is(
            aboutBundle(
                "key "
                    + id(APPROVER)
                    + " is marked compromised by entry 5, so its signatures on 1 entry logged up"
                    + " to then do not count (entries 4 to 4; entry 4: key "
                    + id(APPROVER)
                    + " is compromised since "
                    + at(4)
                    + ")"));
  }

  @Test
  void verify_keyCompromisedOnlyAfterTheApproval_theApprovalCounts() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    log.appendSigned(approval(4), SERVICE, APPROVER);
    Instant since = at(4).plusMillis(1);
    log.appendSigned(keyCompromised(approverKey(), since, at(5)), SERVICE);
    log.appendSigned(approval(6), SERVICE, APPROVER);

    List<Finding> findings =
        log.bundle().with(b -> b.keys.add(approverKey().compromised(since))).findings();

    // The approval made before the compromise time counts; the one made after it does not.
    assertThat(findings).singleElement().is(aboutEntry(6, "is compromised since " + since));
  }

  @Test
  void verify_keyRetiredBeforeAnApprovalLoggedEarlier_isFound() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    log.appendSigned(approval(4), SERVICE, APPROVER);
    Instant validTo = at(4).minusMillis(1);
    log.appendSigned(keyRetired(approverKey(), validTo, at(5)), SERVICE);

    List<Finding> findings =
        log.bundle().with(b -> b.keys.add(approverKey().retired(validTo))).findings();

    assertThat(findings)
        .singleElement()
        .is(
            aboutBundle(
                "key "
                    + id(APPROVER)
                    + " is retired by entry 5, so its signatures on 1 entry logged up to then do"
                    + " not count (entries 4 to 4; entry 4: key "
                    + id(APPROVER)
                    + " was not valid at "
                    + at(4)
                    + ": it was retired, valid to "
                    + validTo
                    + ")"));
  }

  @Test
  void verify_approvalAfterTheKeysRegisteredValidity_isNamed() {
    TestBundles.Log log = log(0);
    RegisteredKey yearLong =
        TestBundles.key(
            APPROVER,
            "alice@example.com",
            "approver",
            TestBundles.KEYS_FROM,
            java.util.Optional.of(at(3)),
            dev.cabledger.core.registry.KeyStatus.ACTIVE);
    log.register(yearLong);
    log.appendSigned(approval(4), SERVICE, APPROVER);

    assertThat(log.bundle().with(b -> b.keys.add(yearLong)).findings())
        .singleElement()
        .is(aboutEntry(4, "was not valid at " + at(4) + ": it expired at " + at(3)));
  }

  @Test
  void verify_registrationByAnActorWithoutPlatformAdmin_establishesNothing() {
    TestBundles.Log log = log(0);
    log.appendSigned(enrolmentRequested(approverKey(), at(2)), SERVICE);
    log.appendSigned(keyRegistered(approverKey(), BOB, at(3)), SERVICE);
    log.appendSigned(approval(4), SERVICE, APPROVER);

    assertThat(log.bundle().findings())
        .haveExactly(
            1,
            aboutEntry(
                3,
                "registers approver key "
                    + id(APPROVER)
                    + " of 'alice@example.com', which establishes nothing: its actor"
                    + " 'bob@example.com' did not act as PLATFORM_ADMIN (docs/formats.md §6)"))
        .haveExactly(1, aboutEntry(4, "which no KEY_REGISTERED entry before it establishes"));
  }

  @Test
  void verify_registrationByTheKeysOwner_establishesNothing() {
    TestBundles.Log log = log(0);
    Actor aliceAsAdmin =
        Actor.of(
            "alice@example.com", List.of("CAB_APPROVER", "PLATFORM_ADMIN"), "https://idp.example");
    log.appendSigned(enrolmentRequested(approverKey(), at(2)), SERVICE);
    log.appendSigned(keyRegistered(approverKey(), aliceAsAdmin, at(3)), SERVICE);

    assertThat(log.bundle().findings())
        .singleElement()
        .is(aboutEntry(3, "its owner registered it (separation of duties)"));
  }

  @Test
  void verify_registrationWithoutAnEnrolmentRequest_establishesNothing() {
    TestBundles.Log log = log(0);
    log.appendSigned(keyRegistered(approverKey(), ADMIN, at(2)), SERVICE);

    assertThat(log.bundle().findings())
        .singleElement()
        .is(aboutEntry(2, "no earlier KEY_ENROLMENT_REQUESTED of the key by its owner"));
  }

  @Test
  void verify_registrationAfterTheEnrolmentWasRejected_establishesNothing() {
    TestBundles.Log log = log(0);
    log.appendSigned(enrolmentRequested(approverKey(), at(2)), SERVICE);
    log.appendSigned(enrolmentRejected(approverKey(), at(3)), SERVICE);
    log.appendSigned(keyRegistered(approverKey(), ADMIN, at(4)), SERVICE);
    log.appendSigned(approval(5), SERVICE, APPROVER);

    assertThat(log.bundle().findings())
        .haveExactly(
            1, aboutEntry(4, "an earlier KEY_ENROLMENT_REJECTED turned its enrolment down"))
        .haveExactly(1, aboutEntry(5, "which no KEY_REGISTERED entry before it establishes"));
  }

  @Test
  void verify_enrolmentRequestedThenRejected_verifies() {
    TestBundles.Log log = log(0);
    log.appendSigned(enrolmentRequested(approverKey(), at(2)), SERVICE);
    log.appendSigned(enrolmentRejected(approverKey(), at(3)), SERVICE);

    assertThat(log.bundle().verify().entries()).isEqualTo(4);
  }

  @Test
  void verify_enrolmentRequestedInSomeoneElsesName_isNamedAndRequestsNothing() {
    TestBundles.Log log = log(0);
    Statement alices = enrolmentRequested(approverKey(), at(2));
    Statement bobForAlice =
        new Statement(
            alices.subjectName(),
            alices.subjectDigest(),
            new Event(
                alices.predicate().correlationId(),
                alices.predicate().data(),
                BOB,
                alices.predicate().createdAt()));
    log.appendSigned(bobForAlice, SERVICE);
    log.appendSigned(keyRegistered(approverKey(), ADMIN, at(3)), SERVICE);

    assertThat(log.bundle().findings())
        .haveExactly(
            1,
            aboutEntry(
                2,
                "event_data names 'alice@example.com' as who acted, but the authenticated actor is"
                    + " 'bob@example.com'"))
        .haveExactly(
            1, aboutEntry(3, "no earlier KEY_ENROLMENT_REQUESTED of the key by its owner"));
  }

  @Test
  void verify_registryCompromiseTimeDiffersFromTheLog_isBundleFinding() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    log.appendSigned(keyCompromised(approverKey(), at(4), at(4)), SERVICE);

    assertThat(log.bundle().with(b -> b.keys.add(approverKey().compromised(at(5)))).findings())
        .singleElement()
        .is(aboutBundle("in compromisedSince (the log says " + at(4) + ")"));
  }

  // A range of the log, with the key entries outside it (docs/formats.md §7).

  @Test
  void verify_rangeBeforeAKeyRegisteredLater_establishesItFromTheKeyEntriesAfter() {
    TestBundles.Log log = log(2);
    log.register(approverKey());
    TestBundles.Bundle bundle = log.bundle(0, 4, 6).with(b -> b.keys.add(approverKey()));

    assertThat(bundle.keyEntries).extracting(BundleWriter.KeyEntry::index).containsExactly(4L, 5L);
    VerifiedBundle ok = bundle.verify(TestBundles.trust());
    assertThat(ok.entries()).isEqualTo(4);
  }

  @Test
  void verify_compromiseLoggedAfterTheRange_takesBackASignatureInIt() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    log.appendSigned(approval(4), SERVICE, APPROVER);
    log.appendSigned(keyCompromised(approverKey(), at(4), at(5)), SERVICE);

    List<Finding> findings =
        log.bundle(0, 5, 6)
            .with(b -> b.keys.add(approverKey().compromised(at(4))))
            .findings(TestBundles.trust());

    assertThat(findings)
        .singleElement()
        .is(aboutBundle("is marked compromised by entry 5, so its signatures on 1 entry"));
  }

  @Test
  void verify_keyEntryInsideTheRange_isNamed() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    TestBundles.Bundle bundle = log.bundle(3, 4, 4);
    bundle.keyEntries.add(
        new BundleWriter.KeyEntry(3, log.entries.get(3), java.util.Optional.of(log.proof(3, 4))));

    assertThat(bundle.findings(TestBundles.trust()))
        .haveExactly(
            1, aboutEntry(3, "key entries come before or after the range [3, 4) in order"));
  }
}
