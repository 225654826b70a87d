package dev.cabledger.core.policy;

import dev.cabledger.core.event.ChangeApplied;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The applies the gate weighs for target staleness: {@code CHANGE_APPLIED} entries logged before
 * its answer (docs/workflow.md, "Targets"). A target is a client, a module and an environment; once
 * one change has been applied to it, every other change for it whose current plan was made before
 * that apply was planned against older state.
 *
 * @param applies the applies, in log order
 */
public record TargetApplies(List<Applied> applies) {
  /** No apply. */
  public static final TargetApplies NONE = new TargetApplies(List.of());

  public TargetApplies {
    applies = List.copyOf(applies);
  }

  /**
   * One apply.
   *
   * @param changeId the change that was applied
   * @param index its {@code CHANGE_APPLIED} entry's index
   * @param appliedAt the entry's {@code created_at}
   * @param applied what the entry states: client, module, environment and plan
   */
  public record Applied(String changeId, long index, Instant appliedAt, ChangeApplied applied) {
    public Applied {
      if (changeId.isBlank() || index < 0) {
        throw new IllegalArgumentException("an apply names its change and its entry");
      }
    }
  }

  /**
   * The applies that make {@code history}'s current plan stale for {@code environment}: of another
   * change, to the same client, module (both naming none counts as the same) and environment,
   * logged after the entry that made the plan current.
   */
  public List<Applied> staling(ChangeHistory history, String environment) {
    long planned = history.planEntry().index();
    List<Applied> out = new ArrayList<>();
    for (Applied a : applies) {
      if (!a.changeId().equals(history.changeId())
          && a.index() > planned
          && a.applied().client().equals(history.client())
          && a.applied().module().equals(history.module())
          && a.applied().environment().equals(environment)) {
        out.add(a);
      }
    }
    return out;
  }
}
