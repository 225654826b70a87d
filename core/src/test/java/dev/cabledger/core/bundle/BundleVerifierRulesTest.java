package dev.cabledger.core.bundle;

import static dev.cabledger.core.bundle.TestBundles.ALICE;
import static dev.cabledger.core.bundle.TestBundles.APPROVER;
import static dev.cabledger.core.bundle.TestBundles.LOG;
import static dev.cabledger.core.bundle.TestBundles.SERVICE;
import static dev.cabledger.core.bundle.TestBundles.STRANGER;
import static dev.cabledger.core.bundle.TestBundles.aboutBundle;
import static dev.cabledger.core.bundle.TestBundles.aboutEntry;
import static dev.cabledger.core.bundle.TestBundles.approval;
import static dev.cabledger.core.bundle.TestBundles.approverKey;
import static dev.cabledger.core.bundle.TestBundles.at;
import static dev.cabledger.core.bundle.TestBundles.bytes;
import static dev.cabledger.core.bundle.TestBundles.key;
import static dev.cabledger.core.bundle.TestBundles.keyRegistered;
import static dev.cabledger.core.bundle.TestBundles.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ReportGenerated;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.registry.RegisteredKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * One negative fixture per rule of docs/formats.md the verifier enforces on entries and on the
 * registry; each is named after its defect, and each finding names the entry and the section.
 */
class BundleVerifierRulesTest {
  @Test
  void entryBytesNotCanonical_isNamed() {
    TestBundles.Log log = log(1);
    String canonical = new String(TestBundles.signed(approval(3), SERVICE), StandardCharsets.UTF_8);
    // The same envelope with insignificant white space: a valid envelope, not its JCS bytes.
    log.append(bytes(canonical.replace("{\"payload\":", "{ \"payload\":")));

    assertThat(log.bundle().findings())
        .singleElement()
        .is(
            aboutEntry(
                3,
                "entry bytes are not the RFC 8785 canonical JSON of their envelope"
                    + " (docs/formats.md §4)"));
  }

  @Test
  void registryKeyWithoutKeyRegistered_isNamed() {
    TestBundles.Bundle bundle = log(1).bundle().with(b -> b.keys.add(approverKey()));

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutBundle("has no KEY_REGISTERED entry in the log; it is not trusted"));
  }

  @Test
  void keyEventSubjectDigestNotTheKeysSpki_isNamed() {
    TestBundles.Log log = log(0);
    Statement good = keyRegistered(approverKey(), at(2));
    Statement bad =
        new Statement(good.subjectName(), Digest.sha256(bytes("not the key")), good.predicate());
    log.appendSigned(bad, SERVICE);

    assertThat(log.bundle().findings())
        .singleElement()
        .is(
            aboutEntry(
                2,
                "subject digest is not SHA-256 of the key's SubjectPublicKeyInfo"
                    + " (docs/formats.md §2)"));
  }

  @Test
  void reportEventSubjectNotTheReport_isNamed() {
    TestBundles.Log log = log(0);
    Digest reportHash = Digest.sha256(bytes("the report's bytes"));
    ReportGenerated report =
        new ReportGenerated(
            UUID.fromString("7d0c1a52-5b1e-4c52-9a43-0f1e2d3c4b5a"),
            "application/json",
            reportHash,
            Optional.empty(),
            List.of(),
            at(0),
            at(1),
            Optional.empty(),
            Optional.empty(),
            1,
            reportHash);
    Event event = new Event("corr-2", report, Actor.SYSTEM, at(2));
    log.appendSigned(new Statement(report.reportId().toString(), reportHash, event), SERVICE);
    log.appendSigned(new Statement("another-report", reportHash, event), SERVICE);

    assertThat(log.bundle().findings())
        .singleElement()
        .is(
            aboutEntry(
                3,
                "report event's subject is not the report (name = report_id, digest ="
                    + " report_hash) (docs/formats.md §2)"));
  }

  @Test
  void statementSignedByTheLogKey_isNamed() {
    TestBundles.Log log = log(0);
    log.appendSigned(approval(2), SERVICE, LOG);

    assertThat(log.bundle().findings())
        .singleElement()
        .is(aboutEntry(2, "a log key signs checkpoints, never statements (docs/formats.md §3)"));
  }

  @Test
  void logKeyOwnedBySomeoneElse_isNamed() {
    TestBundles.Log log = log(0);
    RegisteredKey foreign = key(STRANGER, "mallory@example.com", "log", TestBundles.KEYS_FROM);
    log.appendSigned(keyRegistered(foreign, at(2)), SERVICE);

    assertThat(log.bundle().findings())
        .singleElement()
        .is(
            aboutEntry(
                2,
                "registers log key "
                    + TestBundles.id(STRANGER)
                    + " owned by 'mallory@example.com'; log and service keys are owned by the"
                    + " service"));
  }

  @Test
  void approverDiffersFromActor_isNamed() {
    TestBundles.Log log = log(0);
    Actor bob = Actor.of("bob@example.com", List.of("CAB_APPROVER"), "https://idp.example");
    Statement alices = approval(2);
    Statement bobClaimsAlice =
        new Statement(
            alices.subjectName(),
            alices.subjectDigest(),
            new Event(
                alices.predicate().correlationId(),
                alices.predicate().data(),
                bob,
                alices.predicate().createdAt()));
    log.appendSigned(bobClaimsAlice, SERVICE);

    assertThat(log.bundle().findings())
        .singleElement()
        .is(
            aboutEntry(
                2,
                "event_data names 'alice@example.com' as who acted, but the authenticated actor is"
                    + " 'bob@example.com' (docs/formats.md §2)"));
  }

  @Test
  void camelCaseEventData_isNamed() {
    TestBundles.Log log = log(0);
    log.append(
        TestBundles.signedPayload(edited(approval(2), "approval_id", "approvalId"), SERVICE));

    assertThat(log.bundle().findings())
        .singleElement()
        .is(aboutEntry(2, "\"approvalId\" that is not snake_case (docs/formats.md §2)"));
  }

  @Test
  void planHashDiffersFromSubjectDigest_isNamed() {
    TestBundles.Log log = log(0);
    Statement good = approval(2);
    log.appendSigned(
        new Statement(good.subjectName(), Digest.sha256(bytes("other plan")), good.predicate()),
        SERVICE);

    assertThat(log.bundle().findings())
        .singleElement()
        .is(aboutEntry(2, "event_data.plan_hash " + good.subjectDigest().hex() + " is not the"));
  }

  @Test
  void approverKeyOwnedBySomeoneElse_isNamed() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    Actor bob = Actor.of("bob@example.com", List.of("CAB_APPROVER"), "https://idp.example");
    log.appendSigned(approval(4, bob), SERVICE, APPROVER);

    assertThat(log.bundle().with(b -> b.keys.add(approverKey())).findings())
        .singleElement()
        .is(
            aboutEntry(
                4,
                "owned by 'alice@example.com', not by the statement's actor 'bob@example.com'"
                    + " (docs/formats.md §3)"));
  }

  @Test
  void forgedEntryUnderAForeignCheckpoint_isNamedWithTheTrustFile() {
    // An intruder appends an approval signed with its own key and signs a checkpoint with a log
    // key it put in the registry: the pinned log key rejects the checkpoint, and the entry is
    // named by the key the log never established.
    TestBundles.Log log = log(2);
    log.appendSigned(approval(4, ALICE), STRANGER);
    TestBundles.Bundle bundle =
        log.bundle()
            .with(
                b -> {
                  b.checkpoint =
                      new CheckpointSigner(TestBundles.ORIGIN, STRANGER)
                          .sign(log.checkpoint(log.size()))
                          .note();
                  b.keys.add(key(STRANGER, "cab-ledger", "log", TestBundles.KEYS_FROM));
                });

    List<Finding> findings = bundle.findings(TestBundles.trust());

    assertThat(findings)
        .haveExactly(1, aboutBundle("the checkpoint is not signed by the pinned log key"))
        .haveExactly(1, aboutEntry(4, "which no KEY_REGISTERED entry before it establishes"));
  }

  @Test
  void withTheTrustFile_aGoodBundleVerifiesWithoutTheNothingPinnedNote() {
    VerifiedBundle ok = log(3).bundle().verify(TestBundles.trust());

    assertThat(ok.entries()).isEqualTo(5);
    assertThat(ok.notes()).noneMatch(n -> n.contains("nothing is pinned"));
  }

  @Test
  void subRangeBundle_establishesKeysFromItsKeyEntries() {
    TestBundles.Log log = log(0);
    log.register(approverKey());
    for (int i = 0; i < 5; i++) {
      log.appendSigned(approval(log.size()), SERVICE, APPROVER);
    }
    TestBundles.Bundle bundle = log.bundle(6, 9, 9).with(b -> b.keys.add(approverKey()));

    assertThat(bundle.keyEntries)
        .extracting(BundleWriter.KeyEntry::index)
        .containsExactly(0L, 1L, 2L, 3L);
    assertThat(bundle.verify(TestBundles.trust()).signatures()).isEqualTo(6);
  }

  /** The statement's JCS bytes with one event_data member renamed. */
  private static byte[] edited(Statement statement, String from, String to) {
    ObjectNode root = (ObjectNode) CanonicalJson.parse(statement.canonicalBytes());
    ObjectNode data = (ObjectNode) root.get("predicate").get("event_data");
    data.set(to, data.remove(from));
    return CanonicalJson.canonicalize(root);
  }
}
