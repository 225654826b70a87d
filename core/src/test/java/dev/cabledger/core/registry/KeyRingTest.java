package dev.cabledger.core.registry;

import static dev.cabledger.core.registry.TestKeys.id;
import static dev.cabledger.core.registry.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class KeyRingTest {
  private static final KeyPair LOG = MlDsa65.generate();
  private static final KeyPair SERVICE = MlDsa65.generate();
  private static final KeyPair APPROVER = MlDsa65.generate();
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-06-30T23:59:59.999Z");

  private static final RegisteredKey LOG_KEY = key(LOG, "cab-ledger", "log", FROM);
  private static final RegisteredKey SERVICE_KEY = key(SERVICE, "cab-ledger", "service", FROM);
  private static final RegisteredKey RETIRED =
      key(APPROVER, "alice@example.com", "approver", FROM, Optional.of(TO), KeyStatus.RETIRED);

  @Test
  void fromJson_objectWithKeysArray_readsEveryKeyInOrder() {
    ObjectNode registry = JsonNodeFactory.instance.objectNode();
    registry.set("keys", array(SERVICE_KEY, LOG_KEY, RETIRED));

    KeyRing ring = KeyRing.fromJson(registry);

    assertThat(ring.keys()).containsExactly(SERVICE_KEY, LOG_KEY, RETIRED);
  }

  @Test
  void fromJson_bareArray_readsEveryKey() {
    KeyRing ring = KeyRing.fromJson(array(LOG_KEY, SERVICE_KEY));

    assertThat(ring.keys()).containsExactly(LOG_KEY, SERVICE_KEY);
  }

  @Test
  void fromJson_emptyArray_isAnEmptyRing() {
    assertThat(KeyRing.fromJson(JsonNodeFactory.instance.arrayNode()).keys()).isEmpty();
  }

  @Test
  void fromJson_objectWithoutKeys_isRejected() {
    ObjectNode registry = JsonNodeFactory.instance.objectNode();
    registry.put("keys", "none");

    assertKeyFailure(() -> KeyRing.fromJson(registry), "an array of keys");
    assertKeyFailure(
        () -> KeyRing.fromJson(JsonNodeFactory.instance.objectNode()), "an array of keys");
    assertKeyFailure(
        () -> KeyRing.fromJson(JsonNodeFactory.instance.stringNode("keys")), "an array of keys");
  }

  @Test
  void fromJson_malformedKey_isRejected() {
    ArrayNode registry = array(LOG_KEY);
    registry.addObject().put("keyId", "k1");

    assertKeyFailure(() -> KeyRing.fromJson(registry), "malformed key in the registry");
  }

  @Test
  void of_sameKeyTwice_keepsOne() {
    KeyRing ring = KeyRing.of(List.of(LOG_KEY, SERVICE_KEY, key(LOG, "cab-ledger", "log", FROM)));

    assertThat(ring.keys()).containsExactly(LOG_KEY, SERVICE_KEY);
  }

  @Test
  void of_duplicateIdWithDifferentContent_isRejected() {
    RegisteredKey later = key(LOG, "cab-ledger", "log", FROM.plusSeconds(1));

    assertKeyFailure(
        () -> KeyRing.of(List.of(LOG_KEY, later)),
        "key " + id(LOG) + " is registered twice with different contents");
  }

  @Test
  void fromJson_duplicateIdWithDifferentStatus_isRejected() {
    RegisteredKey compromised =
        key(LOG, "cab-ledger", "log", FROM, Optional.empty(), KeyStatus.COMPROMISED);

    assertKeyFailure(() -> KeyRing.fromJson(array(LOG_KEY, compromised)), "registered twice");
  }

  @Test
  void of_idNotMatchingTheKey_isRejected() {
    RegisteredKey wrongId =
        new RegisteredKey(
            id(SERVICE),
            RegisteredKey.ML_DSA_65,
            MlDsa65.spki(LOG.getPublic()),
            "cab-ledger",
            "log",
            FROM,
            Optional.empty(),
            KeyStatus.ACTIVE);

    assertKeyFailure(
        () -> KeyRing.of(List.of(wrongId)),
        "key " + id(SERVICE) + " does not match the public key registered under it");
  }

  @Test
  void of_idNotDerivedFromAnyKey_isAcceptedAsAName() {
    RegisteredKey named =
        new RegisteredKey(
            new KeyId("hsm:service-2026"),
            RegisteredKey.ML_DSA_65,
            MlDsa65.spki(SERVICE.getPublic()),
            "cab-ledger",
            "service",
            FROM,
            Optional.empty(),
            KeyStatus.ACTIVE);

    assertThat(KeyRing.of(List.of(named)).publicKey(new KeyId("hsm:service-2026"))).isPresent();
  }

  @Test
  void of_unsupportedAlgorithm_isRejected() {
    RegisteredKey ed25519 =
        new RegisteredKey(
            new KeyId("ed25519-1"),
            "Ed25519",
            new byte[44],
            "cab-ledger",
            "service",
            FROM,
            Optional.empty(),
            KeyStatus.ACTIVE);

    assertKeyFailure(() -> KeyRing.of(List.of(ed25519)), "unsupported algorithm Ed25519");
  }

  @Test
  void of_publicKeyNotMlDsa65_isRejected() {
    RegisteredKey garbage =
        new RegisteredKey(
            new KeyId("k1"),
            RegisteredKey.ML_DSA_65,
            new byte[] {1, 2, 3},
            "cab-ledger",
            "service",
            FROM,
            Optional.empty(),
            KeyStatus.ACTIVE);

    assertKeyFailure(() -> KeyRing.of(List.of(garbage)), "not an ML-DSA-65 public key");
  }

  @Test
  void find_withPurpose_publicKey_lookUpByIdAndPurpose() {
    KeyRing ring = KeyRing.of(List.of(LOG_KEY, SERVICE_KEY, RETIRED));

    assertThat(ring.find(id(SERVICE))).contains(SERVICE_KEY);
    assertThat(ring.find(new KeyId("unknown"))).isEmpty();
    assertThat(ring.withPurpose("log")).containsExactly(LOG_KEY);
    assertThat(ring.withPurpose("approver")).containsExactly(RETIRED);
    assertThat(ring.withPurpose("witness")).isEmpty();
    assertThat(ring.publicKey(id(LOG)).map(MlDsa65::spki)).contains(LOG_KEY.publicKey());
    assertThat(ring.publicKey(new KeyId("unknown"))).isEmpty();
  }

  @Test
  void verifierAt_validKey_verifiesItsSignatures() {
    KeyRing ring = KeyRing.of(List.of(SERVICE_KEY));
    byte[] message = "statement".getBytes(StandardCharsets.UTF_8);
    byte[] sig = new MlDsaSigner(id(SERVICE), SERVICE.getPrivate()).sign(message);

    ring.verifierAt(id(SERVICE), FROM).orElseThrow().verify(message, sig);
  }

  @Test
  void verifierAt_validityBoundaries_areInclusive() {
    KeyRing ring = KeyRing.of(List.of(RETIRED));
    KeyId id = id(APPROVER);

    assertThat(ring.verifierAt(id, FROM.minusMillis(1))).isEmpty();
    assertThat(ring.verifierAt(id, FROM)).isPresent();
    assertThat(ring.verifierAt(id, TO)).isPresent();
    assertThat(ring.verifierAt(id, TO.plusMillis(1))).isEmpty();
  }

  @Test
  void verifierAt_unknownOrCompromisedKey_isEmpty() {
    RegisteredKey compromised =
        key(SERVICE, "cab-ledger", "service", FROM, Optional.empty(), KeyStatus.COMPROMISED);
    KeyRing ring = KeyRing.of(List.of(compromised));

    assertThat(ring.verifierAt(id(SERVICE), FROM.plusSeconds(60))).isEmpty();
    assertThat(ring.verifierAt(id(LOG), FROM.plusSeconds(60))).isEmpty();
  }

  @Test
  void verifierAt_compromisedSince_onlySignaturesMadeBeforeItCount() {
    Instant since = FROM.plusSeconds(3600);
    KeyRing ring = KeyRing.of(List.of(RETIRED.compromised(since)));
    KeyId id = id(APPROVER);

    assertThat(ring.verifierAt(id, since.minusMillis(1))).isPresent();
    assertThat(ring.verifierAt(id, since)).isEmpty();
    assertThat(ring.whyNotValid(id, since))
        .isEqualTo("key " + id + " is compromised since " + since);
  }

  @Test
  void verifierAt_afterRetirement_isEmpty() {
    Instant end = FROM.plusSeconds(60);
    KeyRing ring = KeyRing.of(List.of(SERVICE_KEY.retired(end)));

    assertThat(ring.verifierAt(id(SERVICE), end)).isPresent();
    assertThat(ring.verifierAt(id(SERVICE), end.plusMillis(1))).isEmpty();
  }

  @Test
  void whyNotValid_unknownKey_saysNotInRegistry() {
    KeyRing ring = KeyRing.of(List.of(SERVICE_KEY));

    assertThat(ring.whyNotValid(id(LOG), FROM))
        .isEqualTo("key " + id(LOG) + " is not in the registry");
  }

  @Test
  void whyNotValid_compromisedKey_saysCompromised() {
    KeyRing ring =
        KeyRing.of(
            List.of(
                key(
                    SERVICE,
                    "cab-ledger",
                    "service",
                    FROM,
                    Optional.empty(),
                    KeyStatus.COMPROMISED)));

    assertThat(ring.whyNotValid(id(SERVICE), FROM.plusSeconds(1)))
        .isEqualTo("key " + id(SERVICE) + " is marked compromised");
  }

  @Test
  void whyNotValid_outsideValidity_namesTheTime() {
    KeyRing ring = KeyRing.of(List.of(RETIRED));
    Instant late = TO.plusSeconds(1);

    assertThat(ring.whyNotValid(id(APPROVER), late))
        .isEqualTo(
            "key "
                + id(APPROVER)
                + " was not valid at "
                + late
                + ": it was retired, valid to "
                + TO);
  }

  @Test
  void keys_isACopy() {
    KeyRing ring = KeyRing.of(List.of(LOG_KEY));

    assertThatThrownBy(() -> ring.keys().add(SERVICE_KEY))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static ArrayNode array(RegisteredKey... keys) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (RegisteredKey k : keys) {
      array.add(k.toJson());
    }
    return array;
  }

  static void assertKeyFailure(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.KEY))
        .hasMessageContaining(message);
  }

  @Test
  void verifierAt_sameKeyAskedAgain_reusesOneVerifierThatStillVerifies() {
    KeyRing ring = KeyRing.of(List.of(LOG_KEY, SERVICE_KEY));
    Instant at = FROM.plusSeconds(60);
    byte[] message = "statement".getBytes(StandardCharsets.UTF_8);
    byte[] signature = new MlDsaSigner(id(SERVICE), SERVICE.getPrivate()).sign(message);

    var first = ring.verifierAt(id(SERVICE), at).orElseThrow();
    var second = ring.verifierAt(id(SERVICE), at.plusSeconds(60)).orElseThrow();

    assertThat(second).isSameAs(first);
    second.verify(message, signature);
    assertThatThrownBy(() -> ring.verifierAt(id(LOG), at).orElseThrow().verify(message, signature))
        .isInstanceOf(VerificationException.class);
    assertThat(ring.verifierAt(id(SERVICE), FROM.minusSeconds(1))).isEmpty();
  }
}
