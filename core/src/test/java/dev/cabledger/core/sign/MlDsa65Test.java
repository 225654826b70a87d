package dev.cabledger.core.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.MlDsaInteropVectors;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class MlDsa65Test {
  private static final KeyPair KEYS = MlDsa65.generate();
  private static final JsonNode VECTORS = MlDsaInteropVectors.load();

  @Test
  void sign_thenVerify_succeeds() {
    MlDsaSigner signer = new MlDsaSigner(new KeyId("k1"), KEYS.getPrivate());
    byte[] message = "approve CR-1".getBytes(StandardCharsets.UTF_8);

    byte[] signature = signer.sign(message);

    assertThat(signature).hasSize(MlDsa65.SIGNATURE_LENGTH);
    new MlDsaVerifier(KEYS.getPublic()).verify(message, signature);
  }

  @Test
  void verify_tamperedMessage_isRejected() {
    byte[] signature = new MlDsaSigner(new KeyId("k1"), KEYS.getPrivate()).sign(bytes("a"));

    assertThatThrownBy(() -> new MlDsaVerifier(KEYS.getPublic()).verify(bytes("b"), signature))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.SIGNATURE))
        .hasMessageContaining("does not verify");
  }

  @Test
  void verify_tamperedSignature_isRejected() {
    byte[] signature = new MlDsaSigner(new KeyId("k1"), KEYS.getPrivate()).sign(bytes("a"));
    signature[100] ^= 1;

    assertThatThrownBy(() -> new MlDsaVerifier(KEYS.getPublic()).verify(bytes("a"), signature))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void verify_otherKey_isRejected() {
    byte[] signature = new MlDsaSigner(new KeyId("k1"), KEYS.getPrivate()).sign(bytes("a"));
    PublicKey other = MlDsa65.generate().getPublic();

    assertThatThrownBy(() -> new MlDsaVerifier(other).verify(bytes("a"), signature))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void verify_wrongLength_isRejectedWithLengthInMessage() {
    assertThatThrownBy(() -> new MlDsaVerifier(KEYS.getPublic()).verify(bytes("a"), new byte[64]))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("64 bytes");
  }

  @Test
  void rawPublicKey_roundTripsThroughRawAndSpki() {
    byte[] raw = MlDsa65.rawPublicKey(KEYS.getPublic());
    byte[] spki = MlDsa65.spki(KEYS.getPublic());

    assertThat(raw).hasSize(MlDsa65.RAW_PUBLIC_KEY_LENGTH);
    assertThat(spki).hasSize(MlDsa65.SPKI_LENGTH);
    assertThat(MlDsa65.publicKeyFromRaw(raw).getEncoded()).isEqualTo(spki);
    assertThat(MlDsa65.publicKeyFromSpki(spki).getEncoded()).isEqualTo(spki);
  }

  @Test
  void publicKeyFromSpki_mlDsa44Key_isRejectedAsKey() throws Exception {
    byte[] spki44 =
        KeyPairGenerator.getInstance("ML-DSA-44").generateKeyPair().getPublic().getEncoded();

    assertThatThrownBy(() -> MlDsa65.publicKeyFromSpki(spki44))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.KEY));
  }

  @Test
  void publicKeyFromSpki_ed25519Key_isRejectedAsKey() throws Exception {
    PublicKey ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();

    assertThatThrownBy(() -> MlDsa65.publicKeyFromSpki(ed.getEncoded()))
        .isInstanceOf(VerificationException.class);
    assertThatThrownBy(() -> new MlDsaVerifier(ed)).isInstanceOf(VerificationException.class);
  }

  @Test
  void publicKeyFromRaw_wrongLength_isRejected() {
    assertThatThrownBy(() -> MlDsa65.publicKeyFromRaw(new byte[1951]))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.KEY));
  }

  @Test
  void signer_ed25519Key_isRejected() throws Exception {
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

    assertThatThrownBy(() -> new MlDsaSigner(new KeyId("k"), ed.getPrivate()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ML-DSA-44", "ML-DSA-87"})
  void signer_otherMlDsaParameterSet_isRejectedNamingIt(String parameterSet) throws Exception {
    KeyPair other = KeyPairGenerator.getInstance(parameterSet).generateKeyPair();

    assertThat(MlDsa65.isMlDsa65(other.getPrivate())).isFalse();
    assertThatThrownBy(() -> new MlDsaSigner(new KeyId("k"), other.getPrivate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an ML-DSA-65 private key")
        .hasMessageContaining(parameterSet);
  }

  @Test
  void isMlDsa65_keysOfOtherAlgorithms_areFalse() throws Exception {
    assertThat(
            MlDsa65.isMlDsa65(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate()))
        .isFalse();
    assertThat(
            MlDsa65.isMlDsa65(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate()))
        .isFalse();
  }

  @Test
  void signerAndVerifier_toString_nameTheKeyNotItsSecret() {
    KeyPair keys = MlDsa65.generate();
    KeyId id = KeyId.forMlDsa65(MlDsa65.spki(keys.getPublic()));

    assertThat(new MlDsaSigner(id, keys.getPrivate())).hasToString("MlDsaSigner[" + id + "]");
    assertThat(new MlDsaVerifier(keys.getPublic())).hasToString("MlDsaVerifier[" + id + "]");
  }

  @Test
  void isMlDsa65_mlDsa65Key_isTrue() {
    assertThat(MlDsa65.isMlDsa65(MlDsa65.generate().getPrivate())).isTrue();
  }

  @Test
  void interop_publicKeyEncodings_agree() {
    byte[] spki = Base64.getDecoder().decode(VECTORS.get("publicKeySpkiBase64").stringValue());
    byte[] raw = Base64.getDecoder().decode(VECTORS.get("publicKeyRawBase64").stringValue());

    assertThat(MlDsa65.rawPublicKey(MlDsa65.publicKeyFromSpki(spki))).isEqualTo(raw);
    assertThat(MlDsa65.spki(MlDsa65.publicKeyFromRaw(raw))).isEqualTo(spki);
  }

  @Test
  void interop_validRawSignature_verifies() {
    JsonNode item = VECTORS.get("rawSignature");
    assertThat(item.get("valid").booleanValue()).isTrue();

    verifier().verify(bytes(item.get("messageUtf8").stringValue()), signatureOf(item));
  }

  @Test
  void interop_invalidRawSignature_isRejected() {
    JsonNode item = VECTORS.get("rawSignatureWrongMessage");
    assertThat(item.get("valid").booleanValue()).isFalse();

    assertThatThrownBy(
            () ->
                verifier().verify(bytes(item.get("messageUtf8").stringValue()), signatureOf(item)))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.SIGNATURE));
  }

  private static MlDsaVerifier verifier() {
    return new MlDsaVerifier(
        MlDsa65.publicKeyFromSpki(
            Base64.getDecoder().decode(VECTORS.get("publicKeySpkiBase64").stringValue())));
  }

  private static byte[] signatureOf(JsonNode item) {
    return Base64.getDecoder().decode(item.get("signatureBase64").stringValue());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
