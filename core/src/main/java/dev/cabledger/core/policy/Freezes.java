package dev.cabledger.core.policy;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.freeze.FreezeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The freezes the gate weighs: those declared in the log before its answer (docs/workflow.md,
 * "Freezes").
 *
 * @param declared the freezes, in log order
 */
public record Freezes(List<FreezeDeclared> declared) {
  /** No freeze declared. */
  public static final Freezes NONE = new Freezes(List.of());

  public Freezes {
    declared = List.copyOf(declared);
  }

  /**
   * A freeze with one of its windows.
   *
   * @param freeze the freeze as declared
   * @param window the window concerned
   */
  public record Held(FreezeDeclared freeze, FreezeWindow.Interval window) {}

  /** The freezes that hold changes of {@code client} in {@code environment} at {@code at}. */
  public List<Held> holding(ClientId client, String environment, Instant at) {
    List<Held> out = new ArrayList<>();
    for (FreezeDeclared f : declared) {
      if (f.holds(client, environment)) {
        f.window().covering(at).ifPresent(w -> out.add(new Held(f, w)));
      }
    }
    return out;
  }

  /**
   * Each freeze of {@code client} (in {@code environment}, or in any environment if it is empty)
   * with its first window that overlaps {@code [from, to)}.
   */
  public List<Held> overlapping(
      ClientId client, Optional<String> environment, Instant from, Instant to) {
    List<Held> out = new ArrayList<>();
    for (FreezeDeclared f : declared) {
      if (f.clients().contains(client)
          && environment.map(e -> f.environments().contains(e)).orElse(true)) {
        f.window().firstOverlapping(from, to).ifPresent(w -> out.add(new Held(f, w)));
      }
    }
    return out;
  }
}
