package dev.cabledger.server.workflow;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.policy.Freezes;
import java.time.Instant;

/**
 * The freezes declared in the log, as the gate and the change view weigh them. The {@code freezes}
 * feature provides it; it sits here so that other features can ask without depending on that one.
 */
public interface DeclaredFreezes {
  /**
   * Every freeze of {@code client} that may hold at or after {@code from} (a one-off freeze that
   * ended before is left out), read from its signed entry, in log order.
   */
  Freezes of(ClientId client, Instant from);
}
