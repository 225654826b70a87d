package dev.cabledger.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The machine-checkable part of an approval's conditions, which the gate enforces: the environments
 * the plan may be applied to (empty: any) and the window in which it may be.
 *
 * @param environments the environments allowed; empty allows every one
 * @param notBefore the plan may not be applied before this time, if set
 * @param notAfter the plan may not be applied after this time, if set
 */
public record ApprovalConstraints(
    List<String> environments, Optional<Instant> notBefore, Optional<Instant> notAfter) {
  /** No constraint. */
  public static final ApprovalConstraints NONE =
      new ApprovalConstraints(List.of(), Optional.empty(), Optional.empty());

  public ApprovalConstraints {
    environments = List.copyOf(environments);
    if (notBefore.isPresent()
        && notAfter.isPresent()
        && !notBefore.get().isBefore(notAfter.get())) {
      throw new IllegalArgumentException("not_before must be before not_after");
    }
  }

  /** Whether a plan may be applied to this environment. */
  public boolean allowsEnvironment(String environment) {
    return environments.isEmpty() || environments.contains(environment);
  }

  /** Whether a plan may be applied at this time. */
  public boolean allowsTime(Instant at) {
    return notBefore.map(t -> !at.isBefore(t)).orElse(true)
        && notAfter.map(t -> !at.isAfter(t)).orElse(true);
  }

  void write(EventDataWriter w) {
    w.texts("environments", environments)
        .instant("not_before", notBefore)
        .instant("not_after", notAfter);
  }

  static ApprovalConstraints read(EventDataReader r) {
    return new ApprovalConstraints(
        r.texts("environments"), r.optionalInstant("not_before"), r.optionalInstant("not_after"));
  }
}
