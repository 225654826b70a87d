package dev.cabledger.core.bundle;

import dev.cabledger.core.checkpoint.Checkpoint;
import java.util.List;

/**
 * What a successful verification established.
 *
 * @param checkpoint the checkpoint whose signature verified and under which every entry is included
 * @param from first index covered
 * @param to one past the last index covered
 * @param entries how many entries were checked
 * @param signatures how many entry signatures verified
 * @param notes caveats a reader should know (e.g. keys were taken from the bundle itself)
 * @param gates the bundle's gate answers re-derived: every one matched or was not re-derivable
 */
public record VerifiedBundle(
    Checkpoint checkpoint,
    long from,
    long to,
    long entries,
    long signatures,
    List<String> notes,
    GateVerdicts gates) {
  public VerifiedBundle {
    notes = List.copyOf(notes);
  }
}
