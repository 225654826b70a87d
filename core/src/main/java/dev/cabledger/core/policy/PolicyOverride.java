package dev.cabledger.core.policy;

import dev.cabledger.core.event.PolicyOverridden;
import java.util.List;

/**
 * A platform admin's override of the gate for one change and plan ({@code POLICY_OVERRIDDEN}), as
 * the gate applied it: the answer is approved, and names the override and what it lifted.
 *
 * @param entry the {@code POLICY_OVERRIDDEN} entry
 * @param lifted the reasons that would have blocked without it
 */
public record PolicyOverride(LoggedEvent entry, List<Reason> lifted) {
  /**
   * What a logged answer's reason begins with when an override approved it ({@code overridden: …});
   * the verifier compares it as it compares reason codes.
   */
  public static final String CODE = "overridden";

  public PolicyOverride {
    lifted = List.copyOf(lifted);
    if (!(entry.data() instanceof PolicyOverridden)) {
      throw new IllegalArgumentException("entry " + entry.index() + " is not a POLICY_OVERRIDDEN");
    }
  }

  /** Who overrode. */
  public String overriddenBy() {
    return entry.actor().subject();
  }

  /** Why, as the entry states it. */
  public String reason() {
    return ((PolicyOverridden) entry.data()).reason();
  }

  /** The override as a logged answer's reasons name it. */
  public String logged() {
    return CODE
        + ": by "
        + overriddenBy()
        + " in entry "
        + entry.index()
        + " at "
        + entry.createdAt()
        + (lifted.isEmpty()
            ? ""
            : ", lifting "
                + String.join(", ", lifted.stream().map(r -> r.code().code()).distinct().toList()))
        + ": "
        + reason();
  }
}
