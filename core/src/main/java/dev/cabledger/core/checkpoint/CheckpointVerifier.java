package dev.cabledger.core.checkpoint;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.sign.MlDsaVerifier;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;

/**
 * Verifies checkpoints signed by one log key (c2sp.org/signed-note "Signatures", c2sp.org/
 * tlog-checkpoint). Signatures by other keys (witnesses, a rotated key, the same name with another
 * key ID) are ignored; at least one signature by this key must verify, and any signature by this
 * key that does not verify rejects the note. The checkpoint's origin must be the expected one.
 */
public final class CheckpointVerifier {
  private final String keyName;
  private final String origin;
  private final NoteKeyId noteKeyId;
  private final MlDsaVerifier verifier;

  /**
   * A verifier for the log key under this key name, expecting the origin line to equal the key name
   * (tlog-checkpoint: "The log's key name in its signature line SHOULD match the origin").
   */
  public CheckpointVerifier(String keyName, PublicKey logKey) {
    this(keyName, logKey, keyName);
  }

  /** A verifier for a log whose origin differs from its key name. */
  public CheckpointVerifier(String keyName, PublicKey logKey, String origin) {
    if (origin.isEmpty()) {
      throw new IllegalArgumentException("the expected origin must not be empty");
    }
    this.keyName = keyName;
    this.origin = origin;
    this.noteKeyId = NoteKeyId.forMlDsa65(keyName, logKey); // checks the key name
    this.verifier = new MlDsaVerifier(logKey);
  }

  /** The note key ID of the log key under its name. */
  public NoteKeyId noteKeyId() {
    return noteKeyId;
  }

  /**
   * Verifies a signed checkpoint note and returns the checkpoint it carries.
   *
   * @throws VerificationException ({@link Failure#CHECKPOINT}) naming what failed
   */
  public SignedCheckpoint verify(String note) {
    SignedNote parsed = SignedNote.parse(note);
    byte[] text = parsed.text().getBytes(StandardCharsets.UTF_8);
    boolean verified = false;
    for (SignedNote.Line line : parsed.lines()) {
      if (!line.keyName().equals(keyName) || !line.keyId().equals(noteKeyId)) {
        continue; // signed-note: verifiers MUST ignore signatures from unknown keys
      }
      // Every line by this key is checked, a repeated one too: one that does not verify rejects
      // the whole note whatever the line order (signed-note: clients SHOULD reject such a note).
      try {
        verifier.verify(text, line.signature());
      } catch (VerificationException e) {
        throw new VerificationException(
            Failure.CHECKPOINT,
            "checkpoint signature by " + keyName + " (key ID " + noteKeyId + ") does not verify",
            e);
      }
      verified = true;
    }
    if (!verified) {
      throw new VerificationException(
          Failure.CHECKPOINT,
          "checkpoint has no signature by " + keyName + " (key ID " + noteKeyId + ")");
    }
    Checkpoint checkpoint = Checkpoint.parseBody(parsed.text());
    if (!checkpoint.origin().equals(origin)) {
      throw new VerificationException(
          Failure.CHECKPOINT,
          "checkpoint is for origin \"" + checkpoint.origin() + "\", expected \"" + origin + "\"");
    }
    return new SignedCheckpoint(checkpoint, note);
  }
}
