package dev.cabledger.core.bundle;

import dev.cabledger.core.policy.VerdictCheck;
import java.util.List;

/**
 * What the verifier found re-deriving the bundle's gate answers ({@code GATE_EVALUATED}); each
 * mismatch is also a {@link Finding}.
 *
 * @param matched verdicts re-derived as recorded
 * @param mismatched verdicts re-derived otherwise
 * @param notRederivable verdicts that could not be re-derived
 * @param notices why, for the first {@link #MAX_NOTICES} of those
 */
public record GateVerdicts(
    long matched, long mismatched, long notRederivable, List<VerdictCheck> notices) {
  /** Notices kept: a log written before the gate recorded its policy may hold very many. */
  public static final int MAX_NOTICES = 100;

  /** No gate answer in the bundle. */
  public static final GateVerdicts NONE = new GateVerdicts(0, 0, 0, List.of());

  public GateVerdicts {
    notices = List.copyOf(notices);
    if (matched < 0 || mismatched < 0 || notRederivable < notices.size()) {
      throw new IllegalArgumentException("counts cannot be negative, nor below the notices");
    }
  }

  /** Gate answers in the bundle. */
  public long logged() {
    return matched + mismatched + notRederivable;
  }

  /** Gate answers whose verdict was re-derived, matching or not. */
  public long rederived() {
    return matched + mismatched;
  }

  /** One line for a person, every count: {@code 3 logged, 2 re-derived (…), 1 not re-derivable}. */
  public String summary() {
    return logged()
        + " logged, "
        + rederived()
        + " re-derived ("
        + matched
        + " matched, "
        + mismatched
        + " mismatched), "
        + notRederivable
        + " not re-derivable";
  }
}
