package dev.cabledger.core.checkpoint;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;

/**
 * Signs checkpoints with the log key as C2SP signed notes: the body, a blank line, and one line
 * {@code — <key name> base64(key ID || ML-DSA-65 signature over the body)}.
 */
public final class CheckpointSigner {
  private final String keyName;
  private final NoteKeyId noteKeyId;
  private final MlDsaSigner signer;

  /** A signer under this key name (conventionally the log's origin) with the log key pair. */
  public CheckpointSigner(String keyName, KeyPair logKey) {
    this.keyName = keyName;
    this.noteKeyId = NoteKeyId.forMlDsa65(keyName, logKey.getPublic()); // checks the key name
    this.signer =
        new MlDsaSigner(KeyId.forMlDsa65(MlDsa65.spki(logKey.getPublic())), logKey.getPrivate());
  }

  /** The note key ID of the log key under its name. */
  public NoteKeyId noteKeyId() {
    return noteKeyId;
  }

  /**
   * Signs the checkpoint.
   *
   * @throws dev.cabledger.core.sign.SigningException if signing fails
   */
  public SignedCheckpoint sign(Checkpoint checkpoint) {
    String body = checkpoint.body();
    byte[] signature = signer.sign(body.getBytes(StandardCharsets.UTF_8));
    String note = body + "\n" + SignedNote.formatLine(keyName, noteKeyId, signature);
    return new SignedCheckpoint(checkpoint, note);
  }
}
