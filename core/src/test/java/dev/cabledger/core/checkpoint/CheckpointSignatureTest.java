package dev.cabledger.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.MlDsaInteropVectors;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.sign.MlDsa65;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CheckpointSignatureTest {
  private static final String NAME = "ledger.example/test";
  private static final KeyPair LOG = MlDsa65.generate();
  private static final KeyPair WITNESS = MlDsa65.generate();
  private static final Checkpoint CHECKPOINT =
      new Checkpoint(NAME, 42, Digest.sha256(new byte[] {1}));
  private static final JsonNode VECTORS = MlDsaInteropVectors.load();

  @Test
  void sign_thenVerify_returnsCheckpoint() {
    SignedCheckpoint signed = new CheckpointSigner(NAME, LOG).sign(CHECKPOINT);

    SignedCheckpoint verified = new CheckpointVerifier(NAME, LOG.getPublic()).verify(signed.note());

    assertThat(verified).isEqualTo(signed);
    assertThat(verified.checkpoint()).isEqualTo(CHECKPOINT);
  }

  @Test
  void sign_noteHasBodyBlankLineAndOneSignatureLine() {
    CheckpointSigner signer = new CheckpointSigner(NAME, LOG);

    String note = signer.sign(CHECKPOINT).note();

    String[] parts = note.split("\n\n", -1);
    assertThat(parts).hasSize(2);
    assertThat(parts[0] + "\n").isEqualTo(CHECKPOINT.body());
    assertThat(parts[1]).startsWith("\u2014 " + NAME + " ").endsWith("\n");
    byte[] sig = Base64.getDecoder().decode(parts[1].substring(NAME.length() + 3).trim());
    assertThat(sig).hasSize(4 + MlDsa65.SIGNATURE_LENGTH);
    assertThat(new NoteKeyId(Arrays.copyOf(sig, 4))).isEqualTo(signer.noteKeyId());
  }

  @Test
  void verify_signatureByOtherKeysBeforeAndAfter_areIgnored() {
    String note = new CheckpointSigner(NAME, LOG).sign(CHECKPOINT).note();
    String witness = signatureLines(new CheckpointSigner("witness.example/w1", WITNESS));
    String sameNameOtherKey = signatureLines(new CheckpointSigner(NAME, WITNESS));

    String withOthers = withLines(note, witness, sameNameOtherKey);

    assertThat(new CheckpointVerifier(NAME, LOG.getPublic()).verify(withOthers).checkpoint())
        .isEqualTo(CHECKPOINT);
  }

  @Test
  void verify_repeatedSignatureLine_isAccepted() {
    String note = new CheckpointSigner(NAME, LOG).sign(CHECKPOINT).note();
    String line = note.substring(note.indexOf("\n\n") + 2);

    assertThat(new CheckpointVerifier(NAME, LOG.getPublic()).verify(note + line).checkpoint())
        .isEqualTo(CHECKPOINT);
  }

  @Test
  void verify_onlyOtherKeys_isRejected() {
    String note = new CheckpointSigner(NAME, WITNESS).sign(CHECKPOINT).note();

    assertCheckpointFailure(
        () -> new CheckpointVerifier(NAME, LOG.getPublic()).verify(note), "no signature by");
  }

  @Test
  void verify_badSignatureByLogKeyBesideGoodOne_isRejected() {
    String note = new CheckpointSigner(NAME, LOG).sign(CHECKPOINT).note();
    String line = note.substring(note.indexOf("\n\n") + 2);
    byte[] sig = Base64.getDecoder().decode(line.substring(NAME.length() + 3).trim());
    sig[10] ^= 1;
    String bad = "\u2014 " + NAME + " " + Base64.getEncoder().encodeToString(sig) + "\n";

    String badFirst = CHECKPOINT.body() + "\n" + bad + line;
    String goodFirst = CHECKPOINT.body() + "\n" + line + bad;
    assertThat(badFirst.indexOf(bad)).isLessThan(badFirst.indexOf(line));
    assertThat(goodFirst.indexOf(line)).isLessThan(goodFirst.indexOf(bad));

    assertCheckpointFailure(
        () -> new CheckpointVerifier(NAME, LOG.getPublic()).verify(badFirst), "does not verify");
    assertCheckpointFailure(
        () -> new CheckpointVerifier(NAME, LOG.getPublic()).verify(goodFirst), "does not verify");
  }

  @Test
  void verify_lineWithLogKeyIdUnderAnotherName_isIgnored() {
    // The key ID covers the name, but the verifier must not rely on that alone: a line naming
    // another key is never checked against the log key, even if its ID and signature match.
    String note = new CheckpointSigner(NAME, LOG).sign(CHECKPOINT).note();
    String renamed = note.replace("\u2014 " + NAME + " ", "\u2014 ledger.example/other ");

    assertCheckpointFailure(
        () -> new CheckpointVerifier(NAME, LOG.getPublic()).verify(renamed), "no signature by");
  }

  @Test
  void verify_lineWithLogKeyNameButOtherKeyId_isIgnored() {
    String note = new CheckpointSigner(NAME, LOG).sign(CHECKPOINT).note();
    String line = note.substring(note.indexOf("\n\n") + 2);
    byte[] sig = Base64.getDecoder().decode(line.substring(NAME.length() + 3).trim());
    sig[0] ^= 1;
    String otherId = "\u2014 " + NAME + " " + Base64.getEncoder().encodeToString(sig) + "\n";

    assertCheckpointFailure(
        () ->
            new CheckpointVerifier(NAME, LOG.getPublic())
                .verify(CHECKPOINT.body() + "\n" + otherId),
        "no signature by");
  }

  @Test
  void verify_loneSurrogate_isRejectedAsNotUtf8() {
    String note = new CheckpointSigner(NAME, LOG).sign(CHECKPOINT).note();
    CheckpointVerifier verifier = new CheckpointVerifier(NAME, LOG.getPublic());

    assertCheckpointFailure(() -> verifier.verify(note.replace("\n42\n", "\n42\uD800\n")), "UTF-8");
    assertCheckpointFailure(() -> verifier.verify(note.replace("\n42\n", "\n42\uDC00\n")), "UTF-8");
    assertCheckpointFailure(() -> verifier.verify(note + "\uD800"), "UTF-8");
  }

  @Test
  void verify_surrogatePairInOrigin_isValidUtf8() {
    String origin = "ledger.example/\uD83D\uDD12";
    Checkpoint checkpoint = new Checkpoint(origin, 1, CHECKPOINT.root());
    String note = new CheckpointSigner(origin, LOG).sign(checkpoint).note();

    assertThat(new CheckpointVerifier(origin, LOG.getPublic()).verify(note).checkpoint())
        .isEqualTo(checkpoint);
  }

  @Test
  void noteKeyId_invalidKeyName_isRejected() {
    assertThatThrownBy(() -> NoteKeyId.forMlDsa65("a b", LOG.getPublic()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a note key name");
    assertThatThrownBy(() -> new CheckpointVerifier("a+b", LOG.getPublic()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verify_wrongSize_isRejected() {
    String note = new CheckpointSigner(NAME, LOG).sign(CHECKPOINT).note();

    assertCheckpointFailure(
        () ->
            new CheckpointVerifier(NAME, LOG.getPublic()).verify(note.replace("\n42\n", "\n43\n")),
        "does not verify");
  }

  @Test
  void verify_originDiffersFromExpected_isRejected() {
    Checkpoint other = new Checkpoint("other.example/log", 42, CHECKPOINT.root());
    String note = new CheckpointSigner(NAME, LOG).sign(other).note();

    assertCheckpointFailure(
        () -> new CheckpointVerifier(NAME, LOG.getPublic()).verify(note), "origin");
    assertThat(
            new CheckpointVerifier(NAME, LOG.getPublic(), "other.example/log")
                .verify(note)
                .checkpoint())
        .isEqualTo(other);
  }

  @Test
  void verify_malformedNotes_areRejected() {
    String note = new CheckpointSigner(NAME, LOG).sign(CHECKPOINT).note();
    CheckpointVerifier verifier = new CheckpointVerifier(NAME, LOG.getPublic());

    assertCheckpointFailure(() -> verifier.verify(CHECKPOINT.body()), "malformed");
    assertCheckpointFailure(() -> verifier.verify(CHECKPOINT.body() + "\n"), "malformed");
    assertCheckpointFailure(() -> verifier.verify(note.substring(0, note.length() - 1)), "newline");
    assertCheckpointFailure(() -> verifier.verify(note.replace("\u2014 ", "-- ")), "em dash");
    assertCheckpointFailure(() -> verifier.verify(note.replace("\n42\n", "\n\t42\n")), "control");
    assertCheckpointFailure(() -> verifier.verify(note + "\u2014 " + NAME + " AAAA\n"), "base64");
    assertCheckpointFailure(() -> verifier.verify(note + "\u2014 a+b " + "AAAAAAA=\n"), "key name");
    assertCheckpointFailure(() -> verifier.verify(note + "\u2014 " + NAME + "\n"), "space");
  }

  @Test
  void verify_tooManySignatureLines_isRejected() {
    String note = new CheckpointSigner(NAME, LOG).sign(CHECKPOINT).note();
    String other = "\u2014 other.example AAAAAAA=\n";

    assertCheckpointFailure(
        () -> new CheckpointVerifier(NAME, LOG.getPublic()).verify(note + other.repeat(100)),
        "more than 100");
  }

  @Test
  void verify_bodyWithExtensionLine_isRejectedEvenIfSigned() {
    SignedNoteFixture fixture = new SignedNoteFixture(NAME, LOG);
    String note = fixture.sign(CHECKPOINT.body() + "ext\n");

    assertCheckpointFailure(
        () -> new CheckpointVerifier(NAME, LOG.getPublic()).verify(note), "extension");
  }

  @Test
  void signer_invalidKeyName_isRejected() {
    assertThatThrownBy(() -> new CheckpointSigner("a b", LOG))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CheckpointSigner("a+b", LOG))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CheckpointSigner("", LOG))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void interop_validCheckpoint_verifies() {
    JsonNode item = VECTORS.get("checkpoint");
    assertThat(item.get("valid").booleanValue()).isTrue();
    String keyName = item.get("keyName").stringValue();

    SignedCheckpoint verified =
        new CheckpointVerifier(keyName, interopKey()).verify(item.get("note").stringValue());

    assertThat(verified.checkpoint().origin()).isEqualTo(keyName);
    assertThat(verified.checkpoint().size()).isEqualTo(item.get("treeSize").longValue());
    assertThat(verified.checkpoint().root().hex()).isEqualTo(item.get("rootHashHex").stringValue());
    assertThat(verified.note()).isEqualTo(item.get("note").stringValue());
  }

  @Test
  void interop_noteKeyId_matches() {
    JsonNode item = VECTORS.get("checkpoint");

    NoteKeyId id = NoteKeyId.forMlDsa65(item.get("keyName").stringValue(), interopKey());

    assertThat(id.hex()).isEqualTo(item.get("keyIdHex").stringValue());
    assertThat(new CheckpointVerifier(item.get("keyName").stringValue(), interopKey()).noteKeyId())
        .isEqualTo(id);
  }

  @Test
  void interop_wrongSize_isRejected() {
    JsonNode item = VECTORS.get("checkpointWrongSize");
    assertThat(item.get("valid").booleanValue()).isFalse();
    String keyName = VECTORS.get("checkpoint").get("keyName").stringValue();

    assertCheckpointFailure(
        () -> new CheckpointVerifier(keyName, interopKey()).verify(item.get("note").stringValue()),
        "does not verify");
  }

  @Test
  void interop_validCheckpoint_isRejectedUnderOtherKeyName() {
    JsonNode item = VECTORS.get("checkpoint");

    assertCheckpointFailure(
        () ->
            new CheckpointVerifier("ledger.example/other", interopKey())
                .verify(item.get("note").stringValue()),
        "no signature");
  }

  @Test
  void noteKeyId_wrongLength_isRejected() {
    assertThatThrownBy(() -> new NoteKeyId(new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signedCheckpoint_noteNotCarryingCheckpoint_isRejected() {
    assertThatThrownBy(() -> new SignedCheckpoint(CHECKPOINT, "other\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static PublicKey interopKey() {
    return MlDsa65.publicKeyFromSpki(
        Base64.getDecoder().decode(VECTORS.get("publicKeySpkiBase64").stringValue()));
  }

  private static String signatureLines(CheckpointSigner signer) {
    String note = signer.sign(CHECKPOINT).note();
    return note.substring(note.indexOf("\n\n") + 2);
  }

  private static String withLines(String note, String before, String... after) {
    int split = note.indexOf("\n\n") + 2;
    return note.substring(0, split) + before + note.substring(split) + String.join("", after);
  }

  private static void assertCheckpointFailure(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CHECKPOINT))
        .hasMessageContaining(message);
  }

  /** Signs arbitrary note text the way CheckpointSigner does, to build notes it never would. */
  private record SignedNoteFixture(String keyName, KeyPair keys) {
    String sign(String text) {
      byte[] sig =
          new dev.cabledger.core.sign.MlDsaSigner(
                  new dev.cabledger.core.KeyId("k"), keys.getPrivate())
              .sign(text.getBytes(StandardCharsets.UTF_8));
      return text
          + "\n"
          + SignedNote.formatLine(keyName, NoteKeyId.forMlDsa65(keyName, keys.getPublic()), sig);
    }
  }
}
