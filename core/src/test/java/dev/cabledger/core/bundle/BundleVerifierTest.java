package dev.cabledger.core.bundle;

import static dev.cabledger.core.bundle.TestBundles.APPROVER;
import static dev.cabledger.core.bundle.TestBundles.LOG;
import static dev.cabledger.core.bundle.TestBundles.ORIGIN;
import static dev.cabledger.core.bundle.TestBundles.SERVICE;
import static dev.cabledger.core.bundle.TestBundles.STRANGER;
import static dev.cabledger.core.bundle.TestBundles.aboutBundle;
import static dev.cabledger.core.bundle.TestBundles.aboutEntry;
import static dev.cabledger.core.bundle.TestBundles.approval;
import static dev.cabledger.core.bundle.TestBundles.approverKey;
import static dev.cabledger.core.bundle.TestBundles.at;
import static dev.cabledger.core.bundle.TestBundles.key;
import static dev.cabledger.core.bundle.TestBundles.keyCompromised;
import static dev.cabledger.core.bundle.TestBundles.keyRegistered;
import static dev.cabledger.core.bundle.TestBundles.keyRetired;
import static dev.cabledger.core.bundle.TestBundles.log;
import static dev.cabledger.core.bundle.TestBundles.logKey;
import static dev.cabledger.core.bundle.TestBundles.serviceKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A good bundle, and the keys and checkpoint it is verified with. */
class BundleVerifierTest {
  private static final String FROM_BUNDLE = "the log key was taken from the bundle itself";

  @Test
  void verify_goodBundle_countsEntriesAndSignatures() {
    TestBundles.Log log = log(4);

    VerifiedBundle ok = log.bundle().verify();

    assertThat(ok.entries()).isEqualTo(6);
    assertThat(ok.signatures()).isEqualTo(6);
    assertThat(ok.from()).isZero();
    assertThat(ok.to()).isEqualTo(6);
    assertThat(ok.checkpoint()).isEqualTo(log.checkpoint(6));
  }

  @Test
  void verify_keysNotPinned_notesThatKeysCameFromTheBundle() {
    VerifiedBundle ok = log(1).bundle().verify();

    assertThat(ok.notes()).anySatisfy(n -> assertThat(n).contains(FROM_BUNDLE));
  }

  @Test
  void verify_entryWithServiceAndApproverSignatures_countsBoth() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    log.appendSigned(approval(log.size()), SERVICE, APPROVER);
    TestBundles.Bundle bundle = log.bundle().with(b -> b.keys.add(approverKey()));

    VerifiedBundle ok = bundle.verify();

    assertThat(ok.entries()).isEqualTo(5);
    assertThat(ok.signatures()).isEqualTo(6);
  }

  @Test
  void verify_emptyRange_verifiesNothing() {
    VerifiedBundle ok = log(3).bundle(2, 2, 5).verify();

    assertThat(ok.entries()).isZero();
    assertThat(ok.signatures()).isZero();
  }

  @Test
  void verify_subRange_provesAgainstTheFullSizeCheckpoint() {
    TestBundles.Log log = log(6);

    VerifiedBundle ok = log.bundle(3, 6, 8).verify();

    assertThat(ok.from()).isEqualTo(3);
    assertThat(ok.to()).isEqualTo(6);
    assertThat(ok.entries()).isEqualTo(3);
    assertThat(ok.checkpoint().size()).isEqualTo(8);
  }

  @Test
  void verify_checkpointOlderThanTheLog_provesAgainstThatCheckpoint() {
    VerifiedBundle ok = log(6).bundle(0, 5, 5).verify();

    assertThat(ok.checkpoint().size()).isEqualTo(5);
    assertThat(ok.entries()).isEqualTo(5);
  }

  @Test
  void verify_toBeyondCheckpointSize_isBundleFinding() {
    List<Finding> findings = log(3).bundle(0, 6, 5).findings();

    assertThat(findings)
        .haveExactly(1, aboutBundle("range ends at 6 beyond the checkpoint's tree size 5"))
        .haveExactly(1, aboutEntry(5, "is missing"));
  }

  @Test
  void verify_progress_isReportedWithTheEntryCount() {
    List<Long> progress = new ArrayList<>();

    new BundleVerifier(Optional.empty())
        .verify(new ByteArrayInputStream(log(5).bundle().write()), progress::add);

    assertThat(progress).isNotEmpty().last().isEqualTo(7L);
    assertThat(progress).isSorted();
  }

  // Pinned keys.

  @Test
  void verify_pinnedKeysMatch_verifiesWithoutTheFromBundleNote() {
    VerifiedBundle ok = log(2).bundle().verify(KeyRing.of(List.of(serviceKey(), logKey())));

    assertThat(ok.entries()).isEqualTo(4);
    assertThat(ok.notes()).noneSatisfy(n -> assertThat(n).contains(FROM_BUNDLE));
  }

  @Test
  void verify_keysRegistryDiffersFromTheLog_isBundleFinding() {
    KeyRing pinned =
        KeyRing.of(
            List.of(
                logKey(),
                key(SERVICE, "cab-ledger", "service", TestBundles.KEYS_FROM.plusSeconds(1))));

    List<Finding> findings = log(2).bundle().findings(pinned);

    assertThat(findings)
        .haveExactly(
            1,
            aboutBundle(
                "key "
                    + TestBundles.id(SERVICE)
                    + " in the --keys registry differs from its KEY_* entries (registered by entry"
                    + " 0) in validFrom"));
  }

  @Test
  void verify_approverKeyOnlyInTheRegistry_namesTheEntryItSigned() {
    TestBundles.Log log = log(1);
    log.appendSigned(approval(log.size()), SERVICE, APPROVER);
    TestBundles.Bundle bundle = log.bundle().with(b -> b.keys.add(approverKey()));

    List<Finding> findings = bundle.findings();

    assertThat(findings)
        .haveExactly(
            1,
            aboutEntry(
                3,
                "signed by key "
                    + TestBundles.id(APPROVER)
                    + ", which no KEY_REGISTERED entry before it establishes (docs/formats.md §6)"));
  }

  @Test
  void verify_registryKeyWithoutKeyRegistered_isBundleFinding() {
    TestBundles.Bundle bundle = log(1).bundle().with(b -> b.keys.add(approverKey()));

    assertThat(bundle.findings())
        .singleElement()
        .is(
            aboutBundle(
                "key "
                    + TestBundles.id(APPROVER)
                    + " in the bundle's key registry has no KEY_REGISTERED entry in the log"));
  }

  @Test
  void verify_bundleRegistryReplacedWithAttackerKeys_failsAgainstTheTrustFile() {
    // An attacker re-signs everything with their own keys and ships their own registry.
    TestBundles.Log forged = new TestBundles.Log();
    forged.appendSigned(
        keyRegistered(key(APPROVER, "cab-ledger", "service", TestBundles.KEYS_FROM), at(0)),
        APPROVER);
    forged.appendSigned(approval(1), APPROVER);
    TestBundles.Bundle bundle =
        forged
            .bundle()
            .with(
                b -> {
                  b.checkpoint =
                      new CheckpointSigner(ORIGIN, STRANGER).sign(forged.checkpoint(2)).note();
                  b.keys =
                      List.of(
                          key(APPROVER, "cab-ledger", "service", TestBundles.KEYS_FROM),
                          key(STRANGER, "cab-ledger", "log", TestBundles.KEYS_FROM));
                });
    assertThat(bundle.findings())
        .as("self-consistent without pinning, but the stranger's log key has no entry")
        .singleElement()
        .is(
            aboutBundle(
                "key " + TestBundles.id(STRANGER) + " in the bundle's key registry has no"));

    List<Finding> findings = bundle.findings(TestBundles.trust());

    assertThat(findings)
        .haveAtLeastOne(aboutBundle("the checkpoint is not signed by the pinned log key"));
  }

  @Test
  void verify_checkpointSignedByKeyNotInRegistry_isBundleFinding() {
    TestBundles.Log log = log(2);
    TestBundles.Bundle bundle =
        log.bundle()
            .with(b -> b.checkpoint = new CheckpointSigner(ORIGIN, STRANGER).sign(cp(log)).note());

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutBundle("the checkpoint does not verify with any log key"));
  }

  @Test
  void verify_checkpointSignedByServiceKey_isBundleFinding() {
    TestBundles.Log log = log(2);
    TestBundles.Bundle bundle =
        log.bundle()
            .with(b -> b.checkpoint = new CheckpointSigner(ORIGIN, SERVICE).sign(cp(log)).note());

    assertThat(bundle.findings()).haveExactly(1, aboutBundle("does not verify with any log key"));
  }

  @Test
  void verify_registryWithoutLogKey_isBundleFinding() {
    TestBundles.Bundle bundle = log(2).bundle().with(b -> b.keys = List.of(serviceKey()));

    assertThat(bundle.findings()).haveExactly(1, aboutBundle("has no log key"));
  }

  @Test
  void verify_checkpointOfAnotherOrigin_isBundleFinding() {
    TestBundles.Bundle bundle = log(2).bundle().with(b -> b.origin = "other.example/log");

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutBundle("the checkpoint does not verify with any log key"));
  }

  @Test
  void verify_checkpointBodyOriginDiffersFromSigner_isBundleFinding() {
    TestBundles.Log log = log(2);
    Checkpoint other = new Checkpoint("other.example/log", log.size(), cp(log).root());
    TestBundles.Bundle bundle =
        log.bundle().with(b -> b.checkpoint = new CheckpointSigner(ORIGIN, LOG).sign(other).note());

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutBundle("checkpoint is for origin \"other.example/log\""));
  }

  @Test
  void verify_checkpointNoteTampered_isBundleFinding() {
    TestBundles.Log log = log(2);
    TestBundles.Bundle bundle = log.bundle();
    bundle.checkpoint = bundle.checkpoint.replaceFirst("\n4\n", "\n5\n");

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutBundle("the checkpoint does not verify with any log key"));
  }

  @Test
  void verify_checkpointRootOfAnotherTree_failsEveryEntry() {
    TestBundles.Log log = log(2);
    TestBundles.Log other = log(3);
    TestBundles.Bundle bundle =
        log.bundle()
            .with(
                b ->
                    b.checkpoint =
                        new CheckpointSigner(ORIGIN, LOG).sign(other.checkpoint(4)).note());

    List<Finding> findings = bundle.findings();

    for (long i = 0; i < 4; i++) {
      assertThat(findings).haveExactly(1, aboutEntry(i, "is not included in the checkpoint"));
    }
  }

  @Test
  void verify_checkpointNotANote_isBundleFinding() {
    TestBundles.Bundle bundle = log(1).bundle().with(b -> b.checkpoint = "not a note");

    assertThat(bundle.findings()).haveExactly(1, aboutBundle("does not verify with any log key"));
  }

  // Keys that may not sign entries.

  @Test
  void verify_entrySignedByUnknownKey_namesTheEntryAndKey() {
    TestBundles.Log log = log(1);
    log.appendSigned(approval(log.size()), SERVICE, STRANGER);

    assertThat(log.bundle().findings())
        .singleElement()
        .is(
            aboutEntry(
                3, "signed by key " + TestBundles.id(STRANGER) + ", which no KEY_REGISTERED"));
  }

  @Test
  void verify_entrySignedByCompromisedKey_namesTheEntry() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    log.appendSigned(keyCompromised(approverKey(), at(3)), SERVICE);
    log.appendSigned(approval(log.size()), SERVICE, APPROVER);
    TestBundles.Bundle bundle =
        log.bundle().with(b -> b.keys.add(approverKey().compromised(TestBundles.KEYS_FROM)));

    assertThat(bundle.findings())
        .singleElement()
        .is(
            aboutEntry(
                5,
                "signature by approver key "
                    + TestBundles.id(APPROVER)
                    + " (owner 'alice@example.com') does not count at the statement's created_at "
                    + at(5)
                    + ": key "
                    + TestBundles.id(APPROVER)
                    + " is compromised since "
                    + TestBundles.KEYS_FROM));
  }

  @Test
  void verify_entrySignedBeforeKeyValidFrom_namesTheEntry() {
    TestBundles.Log log = log(0);
    RegisteredKey late = key(APPROVER, "alice@example.com", "approver", at(4).plusMillis(1));
    log.register(late);
    log.appendSigned(approval(log.size()), SERVICE, APPROVER);
    TestBundles.Bundle bundle = log.bundle().with(b -> b.keys.add(late));

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutEntry(4, "was not valid at " + at(4) + ": it is valid from " + late.validFrom()));
  }

  @Test
  void verify_entrySignedAfterKeyRetired_namesTheEntry() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    Instant validTo = at(4).minus(Duration.ofMillis(1));
    log.appendSigned(keyRetired(approverKey(), validTo, at(3)), SERVICE);
    log.appendSigned(approval(log.size()), SERVICE, APPROVER);
    TestBundles.Bundle bundle =
        log.bundle()
            .with(
                b ->
                    b.keys.add(
                        key(
                            APPROVER,
                            "alice@example.com",
                            "approver",
                            TestBundles.KEYS_FROM,
                            Optional.of(validTo),
                            KeyStatus.RETIRED)));

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutEntry(5, "was not valid at " + at(5) + ": it was retired, valid to " + validTo));
  }

  @Test
  void verify_entrySignedWhileRetiredKeyWasValid_counts() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    log.appendSigned(approval(log.size()), SERVICE, APPROVER);
    log.appendSigned(keyRetired(approverKey(), at(4), at(5)), SERVICE);
    TestBundles.Bundle bundle =
        log.bundle()
            .with(
                b ->
                    b.keys.add(
                        key(
                            APPROVER,
                            "alice@example.com",
                            "approver",
                            TestBundles.KEYS_FROM,
                            Optional.of(TestBundles.at(4)),
                            KeyStatus.RETIRED)));

    assertThat(bundle.verify().signatures()).isEqualTo(7);
  }

  @Test
  void verify_registryStatusDiffersFromTheLog_isBundleFinding() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    log.appendSigned(keyRetired(approverKey(), at(3), at(3)), SERVICE);
    TestBundles.Bundle bundle = log.bundle().with(b -> b.keys.add(approverKey()));

    assertThat(bundle.findings())
        .singleElement()
        .is(
            aboutBundle(
                "differs from its KEY_* entries (registered by entry 3) in validTo (the log says "
                    + at(3)
                    + "), status (the log says retired) (docs/formats.md §6)"));
  }

  @Test
  void verify_entryLackingServiceSignature_namesTheEntry() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    log.appendSigned(approval(log.size()), APPROVER);
    TestBundles.Bundle bundle = log.bundle().with(b -> b.keys.add(approverKey()));

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutEntry(4, "carries no signature by a service key (docs/formats.md §3)"));
  }

  @Test
  void verify_entrySignedByTheLogKey_isFinding() {
    TestBundles.Log log = log(1);
    log.appendSigned(approval(log.size()), SERVICE, LOG);

    assertThat(log.bundle().findings())
        .singleElement()
        .is(aboutEntry(3, "a log key signs checkpoints, never statements (docs/formats.md §3)"));
  }

  private static Checkpoint cp(TestBundles.Log log) {
    return log.checkpoint(log.size());
  }
}
