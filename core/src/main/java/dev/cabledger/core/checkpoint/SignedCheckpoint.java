package dev.cabledger.core.checkpoint;

/** A checkpoint and the full text of the signed note that carries it. */
public record SignedCheckpoint(Checkpoint checkpoint, String note) {
  /** The note must start with the checkpoint's body and a blank line, and end with a newline. */
  public SignedCheckpoint {
    if (!note.startsWith(checkpoint.body() + "\n") || !note.endsWith("\n")) {
      throw new IllegalArgumentException(
          "the note does not carry this checkpoint followed by signature lines");
    }
  }
}
