package dev.cabledger.core.dsse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.MlDsaInteropVectors;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.PipelineNote;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.core.sign.MlDsaVerifier;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class EnvelopeTest {
  private static final KeyPair SERVICE = MlDsa65.generate();
  private static final KeyPair APPROVER = MlDsa65.generate();
  private static final KeyId SERVICE_ID = new KeyId("service");
  private static final KeyId APPROVER_ID = new KeyId("approver");
  private static final Function<KeyId, Optional<MlDsaVerifier>> KEYS =
      keys(
          Map.of(
              SERVICE_ID, new MlDsaVerifier(SERVICE.getPublic()),
              APPROVER_ID, new MlDsaVerifier(APPROVER.getPublic())));
  private static final JsonNode VECTORS = MlDsaInteropVectors.load();
  private static final byte[] PAYLOAD = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

  @Test
  void pae_dsseSpecExample_matches() {
    byte[] pae =
        Envelope.pae(
            "http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(pae, StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  }

  @Test
  void equals_comparesTypePayloadAndSignaturesByValue() {
    EnvelopeSignature sig = new EnvelopeSignature(SERVICE_ID, new byte[] {1, 2});
    Envelope envelope = new Envelope(Envelope.IN_TOTO_PAYLOAD_TYPE, PAYLOAD, List.of(sig));
    Envelope copy =
        new Envelope(
            Envelope.IN_TOTO_PAYLOAD_TYPE,
            PAYLOAD.clone(),
            List.of(new EnvelopeSignature(SERVICE_ID, new byte[] {1, 2})));

    assertThat(copy).isEqualTo(envelope).hasSameHashCodeAs(envelope);
    assertThat(new Envelope("text/plain", PAYLOAD, List.of(sig))).isNotEqualTo(envelope);
    assertThat(new Envelope(Envelope.IN_TOTO_PAYLOAD_TYPE, new byte[] {1}, List.of(sig)))
        .isNotEqualTo(envelope);
    assertThat(new Envelope(Envelope.IN_TOTO_PAYLOAD_TYPE, PAYLOAD, List.of()))
        .isNotEqualTo(envelope);
    assertThat(envelope).isNotEqualTo(sig);
    assertThat(
            List.of(
                envelope,
                new Envelope("text/plain", PAYLOAD, List.of(sig)),
                new Envelope(Envelope.IN_TOTO_PAYLOAD_TYPE, new byte[] {1}, List.of(sig)),
                new Envelope(Envelope.IN_TOTO_PAYLOAD_TYPE, PAYLOAD, List.of())))
        .extracting(Envelope::hashCode)
        .doesNotHaveDuplicates();
    EnvelopeSignature otherKey = new EnvelopeSignature(APPROVER_ID, new byte[] {1, 2});
    EnvelopeSignature otherSig = new EnvelopeSignature(SERVICE_ID, new byte[] {1, 3});
    assertThat(new EnvelopeSignature(SERVICE_ID, new byte[] {1, 2}))
        .isEqualTo(sig)
        .hasSameHashCodeAs(sig)
        .hasToString("EnvelopeSignature[keyId=service, sig=2 bytes]");
    assertThat(List.of(sig, otherKey, otherSig))
        .doesNotHaveDuplicates()
        .extracting(EnvelopeSignature::hashCode)
        .doesNotHaveDuplicates();
    assertThat(sig).isNotEqualTo(SERVICE_ID);
    assertThat(envelope.toString())
        .isEqualTo(
            "Envelope[payloadType="
                + Envelope.IN_TOTO_PAYLOAD_TYPE
                + ", payload="
                + PAYLOAD.length
                + " bytes, signatures="
                + List.of(sig)
                + "]");
  }

  @Test
  void pae_countsUtf8Bytes() {
    byte[] pae = Envelope.pae("t\u00e9", "\u20ac".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(pae, StandardCharsets.UTF_8)).isEqualTo("DSSEv1 3 t\u00e9 3 \u20ac");
  }

  @Test
  void sign_twoSigners_verifiesAndRoundTripsThroughCanonicalBytes() {
    Envelope envelope = signed(List.of(signer(SERVICE_ID, SERVICE), signer(APPROVER_ID, APPROVER)));

    envelope.verify(KEYS);
    Envelope parsed = Envelope.parse(envelope.canonicalBytes());

    assertThat(parsed).isEqualTo(envelope).hasSameHashCodeAs(envelope);
    assertThat(parsed.signatures())
        .extracting(EnvelopeSignature::keyId)
        .containsExactly(SERVICE_ID, APPROVER_ID);
    parsed.verify(KEYS);
  }

  @Test
  void sign_noSigners_isRejected() {
    assertThatThrownBy(() -> signed(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verify_tamperedPayload_isRejected() {
    Envelope envelope = signed(List.of(signer(SERVICE_ID, SERVICE)));
    Envelope tampered =
        new Envelope(
            envelope.payloadType(),
            "{\"a\":2}".getBytes(StandardCharsets.UTF_8),
            envelope.signatures());

    assertSignatureFailure(() -> tampered.verify(KEYS), "service");
  }

  @Test
  void verify_tamperedPayloadType_isRejected() {
    Envelope envelope = signed(List.of(signer(SERVICE_ID, SERVICE)));
    Envelope tampered = new Envelope("text/plain", envelope.payload(), envelope.signatures());

    assertSignatureFailure(() -> tampered.verify(KEYS), "service");
  }

  @Test
  void verify_tamperedSignature_isRejected() {
    Envelope envelope = signed(List.of(signer(SERVICE_ID, SERVICE)));
    byte[] sig = envelope.signatures().getFirst().sig();
    sig[7] ^= 0x40;
    Envelope tampered =
        new Envelope(
            envelope.payloadType(),
            envelope.payload(),
            List.of(new EnvelopeSignature(SERVICE_ID, sig)));

    assertSignatureFailure(() -> tampered.verify(KEYS), "service");
  }

  @Test
  void verify_keyIdSwappedToOtherKnownKey_isRejected() {
    Envelope envelope = signed(List.of(signer(SERVICE_ID, SERVICE)));
    Envelope tampered =
        new Envelope(
            envelope.payloadType(),
            envelope.payload(),
            List.of(new EnvelopeSignature(APPROVER_ID, envelope.signatures().getFirst().sig())));

    assertSignatureFailure(() -> tampered.verify(KEYS), "approver");
  }

  @Test
  void verify_unknownKey_isRejected() {
    Envelope envelope = signed(List.of(signer(new KeyId("stranger"), SERVICE)));

    assertSignatureFailure(() -> envelope.verify(KEYS), "unknown key stranger");
  }

  @Test
  void verify_oneOfTwoSignaturesBad_isRejected() {
    Envelope good = signed(List.of(signer(SERVICE_ID, SERVICE)));
    EnvelopeSignature forged =
        new EnvelopeSignature(APPROVER_ID, good.signatures().getFirst().sig());
    Envelope envelope =
        new Envelope(
            good.payloadType(), good.payload(), List.of(good.signatures().getFirst(), forged));

    assertSignatureFailure(() -> envelope.verify(KEYS), "approver");
  }

  @Test
  void verify_noSignatures_isRejected() {
    Envelope envelope = new Envelope(Envelope.IN_TOTO_PAYLOAD_TYPE, PAYLOAD, List.of());

    assertSignatureFailure(() -> envelope.verify(KEYS), "no signatures");
  }

  @Test
  void canonicalBytes_haveSortedMembersAndStandardBase64() {
    Envelope envelope =
        new Envelope(
            "t",
            new byte[] {(byte) 0xfb, (byte) 0xff},
            List.of(new EnvelopeSignature(SERVICE_ID, new byte[] {(byte) 0xfe})));

    assertThat(new String(envelope.canonicalBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"payload\":\"+/8=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"service\","
                + "\"sig\":\"/g==\"}]}");
  }

  @Test
  void canonicalBytes_equalGenericJcsOfTheSameEnvelope() {
    // canonicalBytes() writes the envelope directly; it must agree with the JCS writer,
    // including escapes in the free-form payload type and key ids.
    Envelope envelope =
        new Envelope(
            "application/x-test\"\u00e9\u0001",
            "payload \u2603".getBytes(StandardCharsets.UTF_8),
            List.of(
                new EnvelopeSignature(new KeyId("k1"), new byte[] {1, 2, 3, 4}),
                new EnvelopeSignature(new KeyId("k2/b+c"), new byte[3309])));
    ObjectNode root = CanonicalJson.mapper().createObjectNode();
    root.put("payloadType", envelope.payloadType());
    root.put("payload", Base64.getEncoder().encodeToString(envelope.payload()));
    ArrayNode sigs = root.putArray("signatures");
    for (EnvelopeSignature sig : envelope.signatures()) {
      sigs.addObject()
          .put("sig", Base64.getEncoder().encodeToString(sig.sig()))
          .put("keyid", sig.keyId().value());
    }

    assertThat(envelope.canonicalBytes()).isEqualTo(CanonicalJson.canonicalize(root));
    assertThat(Envelope.parse(envelope.canonicalBytes())).isEqualTo(envelope);
  }

  @Test
  void record_copiesArraysAndComparesByContent() {
    byte[] payload = PAYLOAD.clone();
    byte[] sig = {1, 2, 3};
    Envelope envelope = new Envelope("t", payload, List.of(new EnvelopeSignature(SERVICE_ID, sig)));
    payload[0] = 'x';
    sig[0] = 9;

    assertThat(envelope.payload()).isEqualTo(PAYLOAD);
    assertThat(envelope.signatures().getFirst().sig()).containsExactly(1, 2, 3);
    assertThat(envelope)
        .isEqualTo(
            new Envelope(
                "t",
                PAYLOAD.clone(),
                List.of(new EnvelopeSignature(SERVICE_ID, new byte[] {1, 2, 3}))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "{\"payload\":\"e30=\",\"payloadType\":\"t\"}",
        "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[]}",
        "{\"payload\":\"e30=\",\"payloadType\":\"\",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"AA==\"}]}",
        "{\"payload\":\"e30\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"AA==\"}]}",
        "{\"payload\":\"e3-=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"AA==\"}]}",
        "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AA==\"}]}",
        "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"a b\",\"sig\":\"AA==\"}]}",
        "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"\"}]}",
        "{\"payload\":\"e30=\",\"payloadType\":1,\"signatures\":[{\"keyid\":\"k\",\"sig\":\"AA==\"}]}",
        "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"k\",\"sig\":\"AA==\"}],\"x\":1}",
        "{\"payload\":\"e30=\",\"payloadType\":\"t\",\"payloadType\":\"u\",\"signatures\":[]}",
      })
  void parse_malformedEnvelope_isRejectedAsFormat(String json) {
    assertThatThrownBy(() -> Envelope.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT));
  }

  @Test
  void interop_validEnvelope_verifiesAndHasExpectedEntryBytesAndLeafHash() throws Exception {
    JsonNode item = VECTORS.get("dsse");
    assertThat(item.get("valid").booleanValue()).isTrue();

    Envelope envelope = Envelope.parse(CanonicalJson.canonicalize(item.get("envelope")));
    envelope.verify(interopKeys());

    byte[] expectedJcs = item.get("envelopeJcs").stringValue().getBytes(StandardCharsets.UTF_8);
    assertThat(envelope.canonicalBytes()).isEqualTo(expectedJcs);
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update((byte) 0x00);
    sha256.update(envelope.canonicalBytes());
    assertThat(HexFormat.of().formatHex(sha256.digest()))
        .isEqualTo(item.get("leafHashHex").stringValue());
  }

  @Test
  void interop_tamperedPayload_isRejected() {
    JsonNode item = VECTORS.get("dsseTamperedPayload");
    assertThat(item.get("valid").booleanValue()).isFalse();

    assertThatThrownBy(
            () -> {
              Envelope envelope = Envelope.parse(CanonicalJson.canonicalize(item.get("envelope")));
              envelope.verify(interopKeys());
            })
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void interop_validEnvelope_isRejectedUnderOtherKeyId() {
    ObjectNode envelope = (ObjectNode) VECTORS.get("dsse").get("envelope").deepCopy();
    ((ObjectNode) ((ArrayNode) envelope.get("signatures")).get(0)).put("keyid", "other-key");

    Envelope parsed = Envelope.parse(CanonicalJson.canonicalize(envelope));

    assertSignatureFailure(() -> parsed.verify(interopKeys()), "unknown key other-key");
  }

  private static Function<KeyId, Optional<MlDsaVerifier>> interopKeys() {
    byte[] spki = Base64.getDecoder().decode(VECTORS.get("publicKeySpkiBase64").stringValue());
    return keys(
        Map.of(new KeyId("interop-test-key"), new MlDsaVerifier(MlDsa65.publicKeyFromSpki(spki))));
  }

  private static Function<KeyId, Optional<MlDsaVerifier>> keys(Map<KeyId, MlDsaVerifier> map) {
    return id -> Optional.ofNullable(map.get(id));
  }

  private static MlDsaSigner signer(KeyId id, KeyPair keys) {
    return new MlDsaSigner(id, keys.getPrivate());
  }

  private static Envelope signed(List<MlDsaSigner> signers) {
    return Envelope.sign(Envelope.IN_TOTO_PAYLOAD_TYPE, PAYLOAD, signers);
  }

  private static void assertSignatureFailure(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.SIGNATURE))
        .hasMessageContaining(message);
  }

  @Test
  void parse_canonicalBytes_agreesWithTheTreeParse() {
    for (int length : new int[] {0, 1, 2, 3, 4, 5, 1028}) {
      byte[] payload = new byte[length];
      for (int i = 0; i < length; i++) {
        payload[i] = (byte) (i * 37 + length);
      }
      for (List<EnvelopeSignature> sigs :
          List.of(
              List.of(new EnvelopeSignature(SERVICE_ID, new byte[] {7})),
              List.of(
                  new EnvelopeSignature(APPROVER_ID, new byte[] {1, 2}),
                  new EnvelopeSignature(new KeyId("mldsa65-0123abcd"), new byte[] {3, 4, 5})))) {
        Envelope envelope = new Envelope(Envelope.IN_TOTO_PAYLOAD_TYPE, payload, sigs);
        byte[] bytes = envelope.canonicalBytes();

        assertThat(Envelope.parseCanonical(bytes)).contains(envelope);
        assertThat(Envelope.parse(bytes)).isEqualTo(envelope).isEqualTo(Envelope.parseTree(bytes));
      }
    }
  }

  @Test
  void parse_everyOneByteDefectOfCanonicalBytes_answersAsTheTreeParse() {
    byte[] bytes =
        new Envelope(
                "text/plain",
                new byte[] {1, 2, 3, 4},
                List.of(
                    new EnvelopeSignature(SERVICE_ID, new byte[] {9, 8}),
                    new EnvelopeSignature(APPROVER_ID, new byte[] {7})))
            .canonicalBytes();
    byte[] replacements = {
      '"', '\\', '=', 'A', 'B', 'Q', '/', ' ', 0, 0x1f, 0x7f, (byte) 0xc3, '}', ']', ',', ':', '{'
    };
    int compared = 0;
    for (int at = 0; at <= bytes.length; at++) {
      for (byte b : replacements) {
        if (at < bytes.length) {
          compared += sameAnswer(replaced(bytes, at, b));
        }
        compared += sameAnswer(inserted(bytes, at, b));
      }
      if (at < bytes.length) {
        compared += sameAnswer(removed(bytes, at));
      }
    }
    assertThat(compared).isGreaterThan(bytes.length * 20);
  }

  @Test
  void parse_signaturesAroundTheMlDsa65Length_agreeWithTheTreeParse() {
    // The canonical parse decodes a string of an ML-DSA-65 signature's base64 length without
    // looking for its end first: lengths just beside it, and a signature followed by another,
    // must be read as the tree reads them.
    for (int length = MlDsa65.SIGNATURE_LENGTH - 4;
        length <= MlDsa65.SIGNATURE_LENGTH + 4;
        length++) {
      for (List<EnvelopeSignature> sigs :
          List.of(
              List.of(new EnvelopeSignature(SERVICE_ID, filled(length, 3))),
              List.of(
                  new EnvelopeSignature(SERVICE_ID, filled(length, 5)),
                  new EnvelopeSignature(APPROVER_ID, filled(MlDsa65.SIGNATURE_LENGTH, 7))),
              List.of(
                  new EnvelopeSignature(SERVICE_ID, filled(MlDsa65.SIGNATURE_LENGTH, 9)),
                  new EnvelopeSignature(APPROVER_ID, filled(length, 11))))) {
        Envelope envelope = new Envelope(Envelope.IN_TOTO_PAYLOAD_TYPE, filled(length, 1), sigs);
        byte[] bytes = envelope.canonicalBytes();

        assertThat(Envelope.parseCanonical(bytes)).contains(envelope);
        assertThat(Envelope.parse(bytes)).isEqualTo(envelope).isEqualTo(Envelope.parseTree(bytes));
      }
    }
  }

  @Test
  void parse_defectsNearTheEndsOfLongStrings_answerAsTheTreeParse() {
    // Where the canonical parse finds a string's end by its length or eight bytes at a time: a
    // quote, a stray character or a lost one at every position of the last 16 characters of each
    // string, and at the first 16 of the payload.
    Envelope envelope =
        new Envelope(
            Envelope.IN_TOTO_PAYLOAD_TYPE,
            filled(1000, 1),
            List.of(
                new EnvelopeSignature(SERVICE_ID, filled(MlDsa65.SIGNATURE_LENGTH, 2)),
                new EnvelopeSignature(APPROVER_ID, filled(MlDsa65.SIGNATURE_LENGTH, 4))));
    byte[] bytes = envelope.canonicalBytes();
    String text = new String(bytes, StandardCharsets.US_ASCII);
    int payloadStart = "{\"payload\":\"".length();
    List<Integer> ends = new ArrayList<>();
    ends.add(text.indexOf('"', payloadStart));
    for (int at = text.indexOf("\"sig\":\""); at >= 0; at = text.indexOf("\"sig\":\"", at + 1)) {
      ends.add(text.indexOf('"', at + "\"sig\":\"".length()));
    }
    assertThat(ends).hasSize(3);
    List<Integer> positions = new ArrayList<>();
    for (int end : ends) {
      for (int at = end - 16; at <= end + 1; at++) {
        positions.add(at);
      }
    }
    for (int at = payloadStart; at < payloadStart + 16; at++) {
      positions.add(at);
    }
    int compared = 0;
    for (int at : positions) {
      for (byte b : new byte[] {'"', '=', 'A', '\\', ' ', '}'}) {
        compared += sameAnswer(replaced(bytes, at, b));
        compared += sameAnswer(inserted(bytes, at, b));
      }
      compared += sameAnswer(removed(bytes, at));
    }
    assertThat(compared).isEqualTo(positions.size() * 13);
  }

  @Test
  void statement_readsThePayloadAsStatementParseDoes() {
    Digest plan = Digest.sha256(PAYLOAD);
    ObjectNode note = CanonicalJson.mapper().createObjectNode().put("status", "approved");
    byte[] statement =
        new Statement(
                "CR-1",
                plan,
                new Event(
                    "corr-1",
                    new PipelineNote(new ClientId("acme"), plan, note),
                    Actor.of("user:a", List.of("AUDITOR"), "https://idp.example"),
                    Instant.parse("2026-04-01T14:30:00Z")))
            .canonicalBytes();
    Envelope envelope =
        new Envelope(
            Envelope.IN_TOTO_PAYLOAD_TYPE,
            statement,
            List.of(new EnvelopeSignature(SERVICE_ID, new byte[] {1})));

    assertThat(envelope.statement()).isEqualTo(Statement.parse(statement));
  }

  @Test
  void statement_payloadThatIsNoStatement_isRejectedAsFormat() {
    Envelope envelope =
        new Envelope(
            Envelope.IN_TOTO_PAYLOAD_TYPE,
            PAYLOAD,
            List.of(new EnvelopeSignature(SERVICE_ID, new byte[] {1})));

    assertThatThrownBy(envelope::statement)
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT));
  }

  private static byte[] replaced(byte[] bytes, int at, byte b) {
    byte[] replaced = bytes.clone();
    replaced[at] = b;
    return replaced;
  }

  private static byte[] inserted(byte[] bytes, int at, byte b) {
    byte[] inserted = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, inserted, 0, at);
    inserted[at] = b;
    System.arraycopy(bytes, at, inserted, at + 1, bytes.length - at);
    return inserted;
  }

  private static byte[] removed(byte[] bytes, int at) {
    byte[] removed = new byte[bytes.length - 1];
    System.arraycopy(bytes, 0, removed, 0, at);
    System.arraycopy(bytes, at + 1, removed, at, bytes.length - at - 1);
    return removed;
  }

  private static byte[] filled(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + seed);
    }
    return bytes;
  }

  /** Asserts that both parses give equal envelopes or the same refusal; 1 when compared. */
  private static int sameAnswer(byte[] bytes) {
    Envelope expected;
    try {
      expected = Envelope.parseTree(bytes);
    } catch (VerificationException e) {
      assertThatThrownBy(() -> Envelope.parse(bytes))
          .as(new String(bytes, StandardCharsets.ISO_8859_1))
          .isInstanceOf(VerificationException.class)
          .hasMessage(e.getMessage());
      return 1;
    }
    assertThat(Envelope.parse(bytes))
        .as(new String(bytes, StandardCharsets.ISO_8859_1))
        .isEqualTo(expected);
    return 1;
  }
}
