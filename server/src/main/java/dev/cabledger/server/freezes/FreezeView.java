package dev.cabledger.server.freezes;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.freeze.FreezeWindow;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.workflow.ReceiptView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One freeze as its signed entry states it. Every value is read from the entry's statement, never
 * from a projection column.
 *
 * @param freezeId the freeze's id
 * @param clients the clients it holds that the caller sees (a freeze may name others as well)
 * @param environments the environments it holds
 * @param start a one-off freeze's start
 * @param end a one-off freeze's end (it no longer holds at this instant)
 * @param cron when a recurring freeze's windows start, in {@code timeZone}
 * @param duration how long each of its windows lasts
 * @param timeZone the time zone its cron expression reads
 * @param reason why
 * @param declaredBy who declared it
 * @param declaredAt when
 * @param entryIndex the index of its {@code FREEZE_DECLARED} entry
 * @param window the window that holds at the moment asked, or the next one, if any
 * @param receipt the receipt of the write that answered this view, if one did
 */
record FreezeView(
    String freezeId,
    List<String> clients,
    List<String> environments,
    Optional<String> start,
    Optional<String> end,
    Optional<String> cron,
    Optional<String> duration,
    Optional<String> timeZone,
    String reason,
    String declaredBy,
    String declaredAt,
    long entryIndex,
    Optional<WindowView> window,
    Optional<ReceiptView> receipt) {

  /** Where the next window is looked for: past any moment a request can name. */
  private static final Instant FAR = Instant.parse("9999-12-31T23:59:59Z");

  /**
   * One window of a freeze.
   *
   * @param start when it starts
   * @param end when it ends (the freeze no longer holds at this instant)
   */
  record WindowView(String start, String end) {}

  /** The view for a caller, with the window that holds at {@code at}, or the next one. */
  static FreezeView of(FreezeStore.Declared d, Caller caller, Instant at) {
    FreezeDeclared f = d.freeze();
    Optional<String> start = Optional.empty();
    Optional<String> end = Optional.empty();
    Optional<String> cron = Optional.empty();
    Optional<String> duration = Optional.empty();
    Optional<String> zone = Optional.empty();
    switch (f.window()) {
      case FreezeWindow.OneOff o -> {
        start = Optional.of(o.start().toString());
        end = Optional.of(o.end().toString());
      }
      case FreezeWindow.Recurring r -> {
        cron = Optional.of(r.cron().text());
        duration = Optional.of(r.duration());
        zone = Optional.of(r.timeZone().getId());
      }
    }
    return new FreezeView(
        f.freezeId().toString(),
        f.clients().stream().map(ClientId::value).filter(caller::sees).toList(),
        f.environments(),
        start,
        end,
        cron,
        duration,
        zone,
        f.reason(),
        d.statement().predicate().actor().subject(),
        d.statement().predicate().createdAt().toString(),
        d.index(),
        f.window()
            .firstOverlapping(at, FAR)
            .map(w -> new WindowView(w.start().toString(), w.end().toString())),
        Optional.empty());
  }

  FreezeView withReceipt(ReceiptView r) {
    return new FreezeView(
        freezeId,
        clients,
        environments,
        start,
        end,
        cron,
        duration,
        timeZone,
        reason,
        declaredBy,
        declaredAt,
        entryIndex,
        window,
        Optional.of(r));
  }
}
