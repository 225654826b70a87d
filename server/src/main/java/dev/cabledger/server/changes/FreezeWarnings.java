package dev.cabledger.server.changes;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.policy.AssessedDecision;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.Freezes;
import dev.cabledger.server.workflow.DeclaredFreezes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The freezes that fall into a change's schedule (docs/workflow.md, "Freezes"): the window its
 * counted approvals allow ({@code not_before}–{@code not_after}, from now on), or the next 7 days
 * where they set no end, in the change's environment (in any, if it names none).
 */
final class FreezeWarnings {
  /** How far ahead a change without an approved window is warned about. */
  static final Duration AHEAD = Duration.ofDays(7);

  private FreezeWarnings() {}

  static List<ChangeView.FreezeWarningView> of(
      ChangeAssessment assessed, DeclaredFreezes declared, Instant now) {
    Instant from = now;
    Optional<Instant> until = Optional.empty();
    for (AssessedDecision d : assessed.counted()) {
      Optional<Instant> notBefore = d.constraints().notBefore();
      if (notBefore.isPresent() && notBefore.get().isAfter(from)) {
        from = notBefore.get();
      }
      Optional<Instant> notAfter = d.constraints().notAfter();
      if (notAfter.isPresent() && (until.isEmpty() || notAfter.get().isBefore(until.get()))) {
        until = notAfter;
      }
    }
    // The gate allows the not_after instant itself.
    Instant to = until.map(t -> t.plusMillis(1)).orElse(from.plus(AHEAD));
    if (!to.isAfter(from)) {
      return List.of();
    }
    ClientId client = assessed.history().client();
    Optional<String> environment = assessed.history().environment();
    return declared.of(client, from).overlapping(client, environment, from, to).stream()
        .map(h -> view(h, environment))
        .toList();
  }

  private static ChangeView.FreezeWarningView view(Freezes.Held h, Optional<String> environment) {
    return new ChangeView.FreezeWarningView(
        h.freeze().freezeId().toString(),
        h.freeze().reason(),
        environment.map(List::of).orElse(h.freeze().environments()),
        h.window().start().toString(),
        h.window().end().toString());
  }
}
