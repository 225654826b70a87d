package dev.cabledger.server.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed bearer authentications per source address in fixed windows, and blocks an address
 * for the rest of its window once it reaches the limit, so tokens cannot be guessed or replayed in
 * bulk. In memory and bounded: it remembers at most {@code trackedAddresses} addresses and forgets
 * the least recently failing first, so a flood of addresses cannot exhaust the heap.
 */
final class FailedAuthenticationLimiter {
  private static final class Window {
    Instant start;
    int failures;

    Window(Instant start) {
      this.start = start;
    }
  }

  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Window> windows;

  FailedAuthenticationLimiter(int limit, Duration window, int trackedAddresses, Clock clock) {
    this.limit = limit;
    this.window = window;
    this.clock = clock;
    this.windows =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > trackedAddresses;
          }
        };
  }

  /** Records a failed authentication from {@code address}. */
  synchronized void failed(String address) {
    Instant now = clock.instant();
    Window w = windows.get(address);
    if (w == null || !now.isBefore(w.start.plus(window))) {
      w = new Window(now);
      windows.put(address, w);
    }
    w.failures++;
  }

  /** How long {@code address} is still blocked, or empty if it may try. */
  synchronized Optional<Duration> blockedFor(String address) {
    Window w = windows.get(address);
    if (w == null || w.failures < limit) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), w.start.plus(window));
    if (left.isNegative() || left.isZero()) {
      windows.remove(address);
      return Optional.empty();
    }
    return Optional.of(left);
  }

  /** How many addresses are remembered (for tests of the bound). */
  synchronized int trackedAddresses() {
    return windows.size();
  }
}
