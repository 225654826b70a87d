package dev.cabledger.server.workflow;

import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.Reason;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.ledger.StoredCheckpoint;
import java.util.List;
import java.util.Optional;

/**
 * A change's entries checked against the latest checkpoint.
 *
 * @param checkpoint the signed checkpoint the proofs were checked against
 * @param entries every entry the change index names, checked
 * @param history the history made of the entries that verified, if its submission did
 * @param failures one reason per entry that did not verify
 */
public record VerifiedChange(
    StoredCheckpoint checkpoint,
    List<CheckedEntry> entries,
    Optional<ChangeHistory> history,
    List<Reason> failures) {
  public VerifiedChange {
    entries = List.copyOf(entries);
    failures = List.copyOf(failures);
  }

  /**
   * Refuses a caller who may not see the client the verified submission names.
   *
   * @throws NotVisibleException with the same words as for a change that does not exist
   */
  public void requireVisibleTo(Caller caller) {
    history.ifPresent(
        h -> {
          if (!caller.sees(h.client().value())) {
            throw new NotVisibleException("no change request " + h.changeId());
          }
        });
  }
}
