package dev.cabledger.core.registry;

import static dev.cabledger.core.registry.KeyRingTest.assertKeyFailure;
import static dev.cabledger.core.registry.TestKeys.id;
import static dev.cabledger.core.registry.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.sign.MlDsa65;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class RegisteredKeyTest {
  private static final KeyPair PAIR = MlDsa65.generate();
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-06-30T12:00:00.500Z");
  private static final RegisteredKey ACTIVE = key(PAIR, "cab-ledger", "service", FROM);
  private static final RegisteredKey RETIRED =
      key(PAIR, "alice@example.com", "approver", FROM, Optional.of(TO), KeyStatus.RETIRED);

  @Test
  void toJson_writesTheRegistryFields() {
    ObjectNode json = RETIRED.toJson();

    assertThat(json.propertyNames())
        .containsExactly(
            "keyId",
            "algorithm",
            "publicKey",
            "owner",
            "purpose",
            "validFrom",
            "validTo",
            "status");
    assertThat(json.get("keyId").asString()).isEqualTo(id(PAIR).value());
    assertThat(json.get("algorithm").asString()).isEqualTo("ML-DSA-65");
    assertThat(Base64.getDecoder().decode(json.get("publicKey").asString()))
        .isEqualTo(MlDsa65.spki(PAIR.getPublic()));
    assertThat(json.get("validFrom").asString()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(json.get("validTo").asString()).isEqualTo("2026-06-30T12:00:00.500Z");
    assertThat(json.get("status").asString()).isEqualTo("retired");
  }

  @Test
  void toJson_withoutValidTo_omitsIt() {
    assertThat(ACTIVE.toJson().has("validTo")).isFalse();
  }

  @Test
  void fromJson_ofToJson_roundTrips() {
    assertThat(RegisteredKey.fromJson(ACTIVE.toJson())).isEqualTo(ACTIVE);
    assertThat(RegisteredKey.fromJson(RETIRED.toJson())).isEqualTo(RETIRED);
  }

  @Test
  void fromJson_nullValidTo_isNoValidTo() {
    ObjectNode json = ACTIVE.toJson();
    json.putNull("validTo");

    assertThat(RegisteredKey.fromJson(json).validTo()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"keyId", "algorithm", "publicKey", "owner", "purpose", "validFrom", "status"})
  void fromJson_requiredFieldMissing_isKeyFailure(String field) {
    assertMalformed(json -> json.remove(field), "field '" + field + "' is missing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"keyId", "publicKey", "validFrom", "status"})
  void fromJson_fieldNotAString_isKeyFailure(String field) {
    assertMalformed(json -> json.put(field, 7), "not a string");
  }

  @Test
  void fromJson_publicKeyNotBase64_isKeyFailure() {
    assertMalformed(json -> json.put("publicKey", "*not base64*"), "malformed key");
  }

  @Test
  void fromJson_keyIdInvalid_isKeyFailure() {
    assertMalformed(json -> json.put("keyId", "two words"), "a key id is");
  }

  @Test
  void fromJson_validFromNotATime_isKeyFailure() {
    assertMalformed(json -> json.put("validFrom", "yesterday"), "malformed key");
  }

  @Test
  void fromJson_validToNotATime_isKeyFailure() {
    assertMalformed(json -> json.put("validTo", "tomorrow"), "malformed key");
  }

  @Test
  void fromJson_validToNotAString_isKeyFailure() {
    assertMalformed(json -> json.put("validTo", 1_700_000_000L), "malformed key");
    assertMalformed(json -> json.putObject("validTo"), "malformed key");
  }

  @Test
  void fromJson_validToBeforeValidFrom_isKeyFailure() {
    assertMalformed(
        json -> json.put("validTo", FROM.minusSeconds(1).toString()),
        "is valid to before it is valid from");
  }

  @Test
  void fromJson_unknownStatus_isKeyFailure() {
    assertMalformed(json -> json.put("status", "lost"), "malformed key");
  }

  @Test
  void fromJson_blankOwner_isKeyFailure() {
    assertMalformed(json -> json.put("owner", " "), "needs an owner and a purpose");
  }

  @Test
  void fromJson_notAnObject_isKeyFailure() {
    assertKeyFailure(
        () -> RegisteredKey.fromJson(JsonNodeFactory.instance.stringNode("k")), "malformed key");
  }

  @Test
  void validAt_activeKey_fromValidFromOn() {
    assertThat(ACTIVE.validAt(FROM.minusMillis(1))).isFalse();
    assertThat(ACTIVE.validAt(FROM)).isTrue();
    assertThat(ACTIVE.validAt(Instant.parse("9999-01-01T00:00:00Z"))).isTrue();
  }

  @Test
  void validAt_retiredKey_untilValidToInclusive() {
    assertThat(RETIRED.validAt(FROM)).isTrue();
    assertThat(RETIRED.validAt(TO)).isTrue();
    assertThat(RETIRED.validAt(TO.plusMillis(1))).isFalse();
  }

  @Test
  void validAt_compromisedKey_never() {
    RegisteredKey compromised =
        key(PAIR, "cab-ledger", "service", FROM, Optional.of(TO), KeyStatus.COMPROMISED);

    assertThat(compromised.validAt(FROM)).isFalse();
    assertThat(compromised.validAt(TO)).isFalse();
  }

  @Test
  void validAt_compromisedSince_countsOnlySignaturesBeforeThatTime() {
    Instant since = Instant.parse("2026-03-01T00:00:00Z");
    RegisteredKey compromised = ACTIVE.compromised(since);

    assertThat(compromised.validAt(FROM)).isTrue();
    assertThat(compromised.validAt(since.minusMillis(1))).isTrue();
    assertThat(compromised.validAt(since)).isFalse();
    assertThat(compromised.whyNotValidAt(since))
        .hasValue("key " + id(PAIR) + " is compromised since " + since);
  }

  @Test
  void whyNotValidAt_eachEnd_saysWhich() {
    RegisteredKey expiring =
        key(PAIR, "alice@example.com", "approver", FROM, Optional.of(TO), KeyStatus.ACTIVE);
    Instant late = TO.plusMillis(1);

    assertThat(RETIRED.whyNotValidAt(TO)).isEmpty();
    assertThat(RETIRED.whyNotValidAt(FROM.minusMillis(1)))
        .hasValue(
            "key "
                + id(PAIR)
                + " was not valid at "
                + FROM.minusMillis(1)
                + ": it is valid from "
                + FROM);
    assertThat(RETIRED.whyNotValidAt(late))
        .hasValue(
            "key " + id(PAIR) + " was not valid at " + late + ": it was retired, valid to " + TO);
    assertThat(expiring.whyNotValidAt(late))
        .hasValue("key " + id(PAIR) + " was not valid at " + late + ": it expired at " + TO);
  }

  @Test
  void retired_endsTheValidityThere() {
    Instant end = Instant.parse("2026-02-01T00:00:00Z");

    RegisteredKey retired = ACTIVE.retired(end);

    assertThat(retired.validTo()).hasValue(end);
    assertThat(retired.status()).isEqualTo(KeyStatus.RETIRED);
    assertThat(retired.validAt(end)).isTrue();
    assertThat(retired.validAt(end.plusMillis(1))).isFalse();
  }

  @Test
  void retired_afterTheKeyExpired_neverLengthensItsLife() {
    RegisteredKey expiring =
        key(PAIR, "alice@example.com", "approver", FROM, Optional.of(TO), KeyStatus.ACTIVE);

    assertThat(expiring.retired(TO.plusSeconds(60)).validTo()).hasValue(TO);
  }

  @Test
  void retired_beforeTheKeyBegan_endsItWhereItBegan() {
    assertThat(ACTIVE.retired(FROM.minusSeconds(60)).validTo()).hasValue(FROM);
  }

  @Test
  void retired_compromisedKey_staysCompromised() {
    Instant since = Instant.parse("2026-03-01T00:00:00Z");

    RegisteredKey key = ACTIVE.compromised(since).retired(TO);

    assertThat(key.status()).isEqualTo(KeyStatus.COMPROMISED);
    assertThat(key.compromisedSince()).hasValue(since);
    assertThat(key.validTo()).hasValue(TO);
  }

  @Test
  void compromised_twice_theEarlierTimeHolds() {
    Instant early = Instant.parse("2026-02-01T00:00:00Z");
    Instant late = Instant.parse("2026-03-01T00:00:00Z");

    assertThat(ACTIVE.compromised(late).compromised(early).compromisedSince()).hasValue(early);
    assertThat(ACTIVE.compromised(early).compromised(late).compromisedSince()).hasValue(early);
  }

  @Test
  void compromised_keyCompromisedWithoutATime_staysCompromisedWhenever() {
    RegisteredKey whenever =
        key(PAIR, "cab-ledger", "service", FROM, Optional.empty(), KeyStatus.COMPROMISED);

    RegisteredKey again = whenever.compromised(TO);

    assertThat(again.compromisedSince()).isEmpty();
    assertThat(again.validAt(FROM)).isFalse();
  }

  @Test
  void constructor_compromiseTimeOfAKeyNotCompromised_isRejected() {
    assertThatThrownBy(
            () ->
                new RegisteredKey(
                    id(PAIR),
                    RegisteredKey.ML_DSA_65,
                    MlDsa65.spki(PAIR.getPublic()),
                    "cab-ledger",
                    "service",
                    FROM,
                    Optional.empty(),
                    KeyStatus.RETIRED,
                    Optional.of(TO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has a compromise time but its status is retired");
  }

  @Test
  void toJson_compromisedSince_roundTripsAndDiffers() {
    RegisteredKey compromised = RETIRED.compromised(FROM.plusSeconds(60));

    ObjectNode json = compromised.toJson();

    assertThat(json.get("compromisedSince").asString()).isEqualTo("2026-01-01T00:01:00Z");
    assertThat(json.get("status").asString()).isEqualTo("compromised");
    assertThat(RegisteredKey.fromJson(json)).isEqualTo(compromised);
    assertThat(compromised).isNotEqualTo(RETIRED.compromised(FROM.plusSeconds(61)));
  }

  @Test
  void fromJson_compromisedSinceNotATime_isKeyFailure() {
    assertMalformed(
        j -> j.put("status", "compromised").put("compromisedSince", "soon"), "malformed key");
  }

  @Test
  void constructor_validToBeforeValidFrom_isRejected() {
    assertThatThrownBy(
            () ->
                key(
                    PAIR,
                    "cab-ledger",
                    "service",
                    FROM,
                    Optional.of(FROM.minusMillis(1)),
                    KeyStatus.RETIRED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void publicKey_isCopiedInAndOut() {
    byte[] spki = MlDsa65.spki(PAIR.getPublic());
    RegisteredKey k =
        new RegisteredKey(
            id(PAIR), "ML-DSA-65", spki, "o", "p", FROM, Optional.empty(), KeyStatus.ACTIVE);

    spki[100] ^= 1;
    k.publicKey()[101] ^= 1;

    assertThat(k.publicKey()).isEqualTo(MlDsa65.spki(PAIR.getPublic()));
  }

  @Test
  void equals_comparesKeyBytesByValue() {
    RegisteredKey same = key(PAIR, "cab-ledger", "service", FROM);

    assertThat(same).isEqualTo(ACTIVE).hasSameHashCodeAs(ACTIVE);
    assertThat(same).isNotEqualTo(key(PAIR, "cab-ledger", "log", FROM));
    assertThat(same).isNotEqualTo(key(PAIR, "cab-ledger", "service", FROM.plusMillis(1)));
  }

  @Test
  void toString_namesIdPurposeOwnerStatus() {
    assertThat(RETIRED)
        .hasToString("RegisteredKey[" + id(PAIR) + ", approver, alice@example.com, retired]");
  }

  @Test
  void toPublicKey_decodesTheSpki() {
    assertThat(MlDsa65.spki(ACTIVE.toPublicKey())).isEqualTo(MlDsa65.spki(PAIR.getPublic()));
    assertThat(new KeyId(ACTIVE.keyId().value())).isEqualTo(id(PAIR));
  }

  @ParameterizedTest
  @EnumSource(KeyStatus.class)
  void keyStatus_jsonName_roundTrips(KeyStatus status) {
    assertThat(status.json()).isEqualTo(status.name().toLowerCase(Locale.ROOT));
    assertThat(KeyStatus.ofJson(status.json())).isEqualTo(status);
  }

  private static void assertMalformed(Consumer<ObjectNode> defect, String message) {
    ObjectNode json = RETIRED.toJson();
    defect.accept(json);
    assertKeyFailure(() -> RegisteredKey.fromJson(json), message);
  }

  @Test
  void hashCode_followsEquals() {
    java.security.KeyPair pair = dev.cabledger.core.sign.MlDsa65.generate();
    RegisteredKey a = TestKeys.key(pair, "cab-ledger", "service", java.time.Instant.EPOCH);
    RegisteredKey same = TestKeys.key(pair, "cab-ledger", "service", java.time.Instant.EPOCH);
    RegisteredKey otherOwner = TestKeys.key(pair, "alice", "service", java.time.Instant.EPOCH);
    RegisteredKey otherKey =
        TestKeys.key(
            dev.cabledger.core.sign.MlDsa65.generate(),
            "cab-ledger",
            "service",
            java.time.Instant.EPOCH);

    assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(a.hashCode()).isNotZero();
    assertThat(a.hashCode()).isNotEqualTo(otherKey.hashCode());
    assertThat(a).isNotEqualTo(otherOwner);
  }
}
