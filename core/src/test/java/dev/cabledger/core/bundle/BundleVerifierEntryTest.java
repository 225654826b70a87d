package dev.cabledger.core.bundle;

import static dev.cabledger.core.bundle.TestBundles.APPROVER;
import static dev.cabledger.core.bundle.TestBundles.SERVICE;
import static dev.cabledger.core.bundle.TestBundles.STRANGER;
import static dev.cabledger.core.bundle.TestBundles.aboutBundle;
import static dev.cabledger.core.bundle.TestBundles.aboutEntry;
import static dev.cabledger.core.bundle.TestBundles.approval;
import static dev.cabledger.core.bundle.TestBundles.approverKey;
import static dev.cabledger.core.bundle.TestBundles.bytes;
import static dev.cabledger.core.bundle.TestBundles.findings;
import static dev.cabledger.core.bundle.TestBundles.keyRegistered;
import static dev.cabledger.core.bundle.TestBundles.log;
import static dev.cabledger.core.bundle.TestBundles.serviceKey;
import static org.assertj.core.api.Assertions.anyOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsa65;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** Defects of single entries: their bytes, order, proofs, signatures and contents. */
class BundleVerifierEntryTest {

  // Bytes, order and presence.

  @Test
  void verify_entryPayloadByteChanged_namesTheEntry() {
    TestBundles.Bundle bundle = log(3).bundle();
    byte[] entry = bundle.entries.get(2).bytes();
    int i = "{\"payload\":\"".length() + 40;
    bundle.mapEntry(2, e -> e.withBytes(otherBase64Char(entry, i)));

    List<Finding> findings = bundle.findings();

    assertThat(findings).haveExactly(1, aboutEntry(2, "is not included in the checkpoint"));
    assertThat(findings).allMatch(f -> f.entryIndex().getAsLong() == 2);
  }

  @Test
  void verify_entrySignatureByteChanged_namesTheEntryTwice() {
    TestBundles.Bundle bundle = log(3).bundle();
    byte[] entry = bundle.entries.get(2).bytes();
    int i = new String(entry, StandardCharsets.US_ASCII).indexOf("\"sig\":\"") + 100;
    bundle.mapEntry(2, e -> e.withBytes(otherBase64Char(entry, i)));

    assertThat(bundle.findings())
        .hasSize(2)
        .haveExactly(1, aboutEntry(2, "is not included in the checkpoint"))
        .haveExactly(1, aboutEntry(2, "signature is invalid"));
  }

  @Test
  void verify_entryReplacedByValidlySignedForgery_isNotIncluded() {
    // Whoever holds the service key can sign anything; the log still detects the substitution.
    TestBundles.Bundle bundle = log(3).bundle();
    bundle.mapEntry(2, e -> e.withBytes(TestBundles.signed(approval(42), SERVICE)));

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutEntry(2, "is not included in the checkpoint"));
  }

  @Test
  void verify_entryRemoved_reportsItMissing() {
    TestBundles.Bundle bundle = log(3).bundle();
    bundle.entries.remove(2);

    assertThat(bundle.findings()).singleElement().is(aboutEntry(2, "is missing from the bundle"));
  }

  @Test
  void verify_lastEntryRemoved_reportsItMissing() {
    TestBundles.Bundle bundle = log(3).bundle();
    bundle.entries.removeLast();

    assertThat(bundle.findings()).singleElement().is(aboutEntry(4, "is missing from the bundle"));
  }

  @Test
  void verify_manyEntriesRemoved_reportsTheRangeOnce() {
    TestBundles.Bundle bundle = log(28).bundle();
    bundle.entries.subList(2, 27).clear();

    assertThat(bundle.findings()).singleElement().is(aboutBundle("entries 2 to 26 are missing"));
  }

  @Test
  void verify_entryBytesSwapped_namesBoth() {
    TestBundles.Bundle bundle = log(3).bundle();
    byte[] second = bundle.entries.get(2).bytes();
    byte[] third = bundle.entries.get(3).bytes();
    bundle.mapEntry(2, e -> e.withBytes(third)).mapEntry(3, e -> e.withBytes(second));

    assertThat(bundle.findings())
        .hasSize(2)
        .haveExactly(1, aboutEntry(2, "is not included"))
        .haveExactly(1, aboutEntry(3, "is not included"));
  }

  @Test
  void verify_entriesOutOfOrder_reportsGapAndLateEntry() {
    TestBundles.Bundle bundle = log(3).bundle();
    Collections.swap(bundle.entries, 2, 3);

    assertThat(bundle.findings())
        .hasSize(2)
        .haveExactly(1, aboutEntry(2, "is missing from the bundle"))
        .haveExactly(1, aboutEntry(2, "appears out of order or twice (expected index 4)"));
  }

  @Test
  void verify_entryDuplicated_namesTheDuplicate() {
    TestBundles.Bundle bundle = log(3).bundle();
    bundle.entries.add(2, bundle.entries.get(1));

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutEntry(1, "appears out of order or twice (expected index 2)"));
  }

  @Test
  void verify_entryIndexBeyondRange_isReportedOutside() {
    TestBundles.Log log = log(4);
    TestBundles.Bundle bundle = log.bundle(0, 5, 6);
    bundle.entries.add(new TestBundles.Entry(5, log.entries.get(5), Optional.of(log.proof(5, 6))));

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutEntry(5, "is outside the bundle's range [0, 5)"));
  }

  // Inclusion proofs.

  @Test
  void verify_inclusionProofHashAltered_namesTheEntry() {
    TestBundles.Bundle bundle = log(3).bundle();
    bundle.mapEntry(1, e -> e.withProof(e.proof().map(p -> alter(p, 1))));

    assertThat(bundle.findings())
        .singleElement()
        .is(aboutEntry(1, "is not included in the checkpoint of size 5"));
  }

  @Test
  void verify_inclusionProofShortened_namesTheEntry() {
    TestBundles.Bundle bundle = log(3).bundle();
    bundle.mapEntry(
        1,
        e ->
            e.withProof(
                e.proof()
                    .map(
                        p ->
                            new InclusionProof(
                                p.leafIndex(),
                                p.treeSize(),
                                p.hashes().subList(0, p.hashes().size() - 1)))));

    assertThat(bundle.findings()).singleElement().is(aboutEntry(1, "fewer than"));
  }

  @Test
  void verify_inclusionProofOfAnotherEntry_namesTheEntry() {
    TestBundles.Log log = log(3);
    TestBundles.Bundle bundle = log.bundle();
    bundle.mapEntry(1, e -> e.withProof(Optional.of(log.proof(2, 5))));

    assertThat(bundle.findings()).singleElement().is(aboutEntry(1, "is not included"));
  }

  @Test
  void verify_inclusionProofAbsent_namesTheEntry() {
    TestBundles.Bundle bundle = log(3).bundle();
    bundle.mapEntry(3, e -> e.withProof(Optional.empty()));

    assertThat(bundle.findings()).singleElement().is(aboutEntry(3, "has no inclusion proof"));
  }

  @Test
  void verify_inclusionProofHashNotBase64_namesTheEntry() {
    ObjectNode json = log(3).bundle().json();
    entry(json, 3).withArray("inclusionProof").set(0, "not base64!");

    assertThat(findings(json)).singleElement().is(aboutEntry(3, "is not included"));
  }

  @Test
  void verify_inclusionProofNotArray_namesTheEntry() {
    ObjectNode json = log(3).bundle().json();
    entry(json, 3).put("inclusionProof", "AAAA");

    assertThat(findings(json)).singleElement().is(aboutEntry(3, "has no inclusion proof"));
  }

  @Test
  void verify_entryBytesNotBase64_namesTheEntry() {
    ObjectNode json = log(3).bundle().json();
    entry(json, 2).put("entry", "**not base64**");

    assertThat(findings(json)).singleElement().is(aboutEntry(2, "entry bytes are not base64"));
  }

  @Test
  void verify_entryWithoutIndex_isBundleFindingAndLeavesAGap() {
    ObjectNode json = log(3).bundle().json();
    entry(json, 2).remove("index");

    assertThat(findings(json))
        .hasSize(2)
        .haveExactly(1, aboutBundle("an entry after index 1 has no valid index"))
        .haveExactly(1, aboutEntry(2, "is missing"));
  }

  @Test
  void verify_entryWithFractionalIndex_isBundleFinding() {
    ObjectNode json = log(3).bundle().json();
    entry(json, 2).put("index", 1.5);

    assertThat(findings(json)).haveExactly(1, aboutBundle("has no valid index"));
  }

  @Test
  void verify_entryWithNegativeIndex_isBundleFinding() {
    ObjectNode json = log(3).bundle().json();
    entry(json, 2).put("index", -1);

    assertThat(findings(json)).haveExactly(1, aboutBundle("has no valid index"));
  }

  // Signatures and contents of included entries.

  @Test
  void verify_includedEntryNotAnEnvelope_namesTheEntry() {
    TestBundles.Log log = log(2);
    log.append(bytes("{\"hello\":\"world\"}"));

    assertThat(log.bundle().findings())
        .singleElement()
        .is(aboutEntry(4, "is not a DSSE envelope of an in-toto statement"));
  }

  @Test
  void verify_includedEntryWithInvalidSignature_namesTheEntry() {
    TestBundles.Log log = log(2);
    byte[] payload = approval(4).canonicalBytes();
    byte[] otherSig = TestBundles.signer(SERVICE).sign(payload); // over the payload, not the PAE
    log.append(
        new Envelope(
                Envelope.IN_TOTO_PAYLOAD_TYPE,
                payload,
                List.of(new EnvelopeSignature(TestBundles.id(SERVICE), otherSig)))
            .canonicalBytes());

    assertThat(log.bundle().findings()).singleElement().is(aboutEntry(4, "signature is invalid"));
  }

  @Test
  void verify_nonCanonicalStatementPayload_namesTheEntry() {
    TestBundles.Log log = log(2);
    String canonical = new String(approval(4).canonicalBytes(), StandardCharsets.UTF_8);
    log.append(TestBundles.signedPayload(bytes("{ " + canonical.substring(1)), SERVICE));

    assertThat(log.bundle().findings())
        .singleElement()
        .is(aboutEntry(4, "statement payload is not in RFC 8785 canonical form"));
  }

  @Test
  void verify_envelopeOfAnotherPayloadType_namesTheEntry() {
    TestBundles.Log log = log(2);
    log.append(
        Envelope.sign(
                "application/json",
                approval(4).canonicalBytes(),
                List.of(TestBundles.signer(SERVICE)))
            .canonicalBytes());

    assertThat(log.bundle().findings()).singleElement().is(aboutEntry(4, "payload type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contradictingRegistrations")
  void verify_keyRegisteredEntryContradictsRegistry_namesTheEntry(
      String defect, RegisteredKey asLogged) {
    TestBundles.Log log = log(1);
    log.register(asLogged);
    TestBundles.Bundle bundle = log.bundle().with(b -> b.keys.add(approverKey()));

    // The registry is compared with what the log establishes; a service key owned by a principal
    // is refused at its entry, so the registry's key then has no registration at all. An approver
    // key is registered by entry 4, after its enrolment request (entry 3).
    assertThat(bundle.findings())
        .haveAtLeastOne(
            anyOf(
                aboutBundle(
                    "key "
                        + TestBundles.id(APPROVER)
                        + " in the bundle's key registry differs from its KEY_* entries (registered"
                        + " by entry 4)"),
                aboutEntry(3, "log and service keys are owned by the service")));
  }

  static Stream<Arguments> contradictingRegistrations() {
    RegisteredKey k = approverKey();
    return Stream.of(
        Arguments.of(
            "publicKeyDiffers",
            new RegisteredKey(
                k.keyId(),
                k.algorithm(),
                MlDsa65.spki(STRANGER.getPublic()),
                k.owner(),
                k.purpose(),
                k.validFrom(),
                k.validTo(),
                k.status())),
        Arguments.of("ownerDiffers", with(k, "mallory@example.com", k.purpose(), k.validFrom())),
        Arguments.of("purposeDiffers", with(k, k.owner(), "service", k.validFrom())),
        Arguments.of(
            "validFromDiffers", with(k, k.owner(), k.purpose(), k.validFrom().plusSeconds(3600))));
  }

  @Test
  void verify_keyRegisteredEntryMatchesRegistry_verifies() {
    TestBundles.Log log = log(1);
    log.register(approverKey());
    log.appendSigned(approval(5), SERVICE, APPROVER);

    VerifiedBundle ok = log.bundle().with(b -> b.keys.add(approverKey())).verify();

    assertThat(ok.signatures()).isEqualTo(7);
  }

  @Test
  void verify_keyRegisteredEntryOfKeyNotInRegistry_isNotCompared() {
    TestBundles.Log log = log(1);
    log.register(approverKey());

    assertThat(log.bundle().verify().entries()).isEqualTo(5);
  }

  @Test
  void verify_keyRegisteredEntryWithInvalidKeyId_namesTheEntry() {
    TestBundles.Log log = log(1);
    String canonical =
        new String(
            keyRegistered(approverKey(), TestBundles.at(3)).canonicalBytes(),
            StandardCharsets.UTF_8);
    String bad = canonical.replace("\"key_id\":\"" + TestBundles.id(APPROVER), "\"key_id\":\"a b");
    assertThat(bad).isNotEqualTo(canonical);
    log.append(TestBundles.signedPayload(bytes(bad), SERVICE));

    assertThat(log.bundle().findings())
        .singleElement()
        .is(aboutEntry(3, "event_data.key_id is not a valid key id"));
  }

  @Test
  void verify_compromisedServiceKey_failsEveryEntryItSigned() {
    TestBundles.Log log = log(2);
    log.appendSigned(TestBundles.keyCompromised(serviceKey(), TestBundles.at(4)), SERVICE);
    TestBundles.Bundle bundle =
        log.bundle().with(b -> b.keys.set(0, serviceKey().compromised(TestBundles.KEYS_FROM)));

    assertThat(bundle.findings())
        .singleElement()
        .is(
            aboutBundle(
                "key "
                    + TestBundles.id(SERVICE)
                    + " is marked compromised by entry 4, so its signatures on 5 entries logged up"
                    + " to then do not count (entries 0 to 4; entry 0: key "
                    + TestBundles.id(SERVICE)
                    + " is compromised since "
                    + TestBundles.KEYS_FROM
                    + ")"));
  }

  private static RegisteredKey with(
      RegisteredKey k, String owner, String purpose, Instant validFrom) {
    return new RegisteredKey(
        k.keyId(),
        k.algorithm(),
        k.publicKey(),
        owner,
        purpose,
        validFrom,
        k.validTo(),
        k.status());
  }

  private static ObjectNode entry(ObjectNode bundle, int position) {
    return (ObjectNode) bundle.get("entries").get(position);
  }

  /** The bytes with the first base64 letter or digit from {@code i} on replaced by another. */
  private static byte[] otherBase64Char(byte[] bytes, int i) {
    int j = i;
    while (!Character.isLetterOrDigit(bytes[j])) {
      j++; // skip '+' and '/': signatures are random
    }
    return TestBundles.withByte(bytes, j, (byte) (bytes[j] == 'A' ? 'B' : 'A'));
  }

  private static InclusionProof alter(InclusionProof p, int hash) {
    List<Digest> hashes = new ArrayList<>(p.hashes());
    byte[] b = hashes.get(hash).bytes();
    b[0] ^= 1;
    hashes.set(hash, Digest.of(b));
    return new InclusionProof(p.leafIndex(), p.treeSize(), hashes);
  }
}
