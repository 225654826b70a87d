package dev.cabledger.server.freezes;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.freeze.FreezeWindow;
import dev.cabledger.server.ledger.EntryProjection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows of one freeze, derived from its signed event alone: the same whether the entry is being
 * appended or the ledger check rebuilds them ({@link FreezeAudit}).
 *
 * @param freezeId the freeze's id
 * @param endsAtMs a one-off freeze's end in milliseconds since the epoch; empty if it recurs
 * @param scope each client and environment it holds, as {@code client} and {@code environment}
 */
record FreezeRows(String freezeId, Optional<Long> endsAtMs, Set<Scope> scope) {
  record Scope(String client, String environment) {}

  FreezeRows {
    scope = Set.copyOf(scope);
  }

  static FreezeRows of(FreezeDeclared freeze) {
    Set<Scope> scope = new LinkedHashSet<>();
    for (ClientId client : freeze.clients()) {
      for (String environment : freeze.environments()) {
        scope.add(new Scope(client.value(), environment));
      }
    }
    Optional<Long> endsAt =
        freeze.window() instanceof FreezeWindow.OneOff o
            ? Optional.of(o.end().toEpochMilli())
            : Optional.empty();
    return new FreezeRows(freeze.freezeId().toString(), endsAt, scope);
  }

  /**
   * Inserts the rows of the entry at {@code index} that are missing, never changing one that exists
   * (the rebuild's restore).
   *
   * @param restored per table, incremented by the rows inserted
   */
  void restore(JdbcTemplate jdbc, long index, Map<String, Long> restored) {
    if (jdbc.update(
            "INSERT INTO declared_freeze (freeze_id, entry_idx, ends_at_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING",
            freezeId,
            index,
            endsAtMs.orElse(null))
        == 1) {
      restored.merge("declared_freeze", 1L, Long::sum);
    }
    for (Scope s : scope) {
      if (jdbc.update(
              "INSERT INTO freeze_scope (client, environment, entry_idx) VALUES (?, ?, ?)"
                  + " ON CONFLICT DO NOTHING",
              s.client(),
              s.environment(),
              index)
          == 1) {
        restored.merge("freeze_scope", 1L, Long::sum);
      }
    }
  }

  /** Writes the rows in the entry's append transaction. */
  EntryProjection projection() {
    return (JdbcTemplate jdbc, long index) -> {
      jdbc.update(
          "INSERT INTO declared_freeze (freeze_id, entry_idx, ends_at_ms) VALUES (?, ?, ?)",
          freezeId,
          index,
          endsAtMs.orElse(null));
      for (Scope s : scope) {
        jdbc.update(
            "INSERT INTO freeze_scope (client, environment, entry_idx) VALUES (?, ?, ?)",
            s.client(),
            s.environment(),
            index);
      }
    };
  }
}
