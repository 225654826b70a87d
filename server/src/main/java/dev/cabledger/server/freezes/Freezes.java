package dev.cabledger.server.freezes;

import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.events.EventRecorder;
import dev.cabledger.server.events.IdempotencyKey;
import dev.cabledger.server.events.IdempotentRequest;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.ReceiptView;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Declaring and listing freezes, for the API ({@link FreezeController}) and the console's freezes
 * page ({@link FreezePage}) alike, so that both take one path to the log.
 */
@Component
final class Freezes {
  /** Freezes listed at most, newest first. */
  static final int LIST_LIMIT = 500;

  private final EventRecorder recorder;
  private final FreezeStore store;

  Freezes(EventRecorder recorder, FreezeStore store) {
    this.recorder = recorder;
    this.store = store;
  }

  /**
   * A freeze declared.
   *
   * @param view the freeze as its signed entry states it, with the receipt
   * @param replayed whether the Idempotency-Key answered an earlier declaration
   */
  record Declaration(FreezeView view, boolean replayed) {}

  /**
   * Declares the freeze {@code intake} asks for, signed by the service and appended.
   *
   * @throws InvalidInputException naming what is wrong; nothing is written
   * @throws NotVisibleException if it names a client outside the caller's scope
   */
  Declaration declare(FreezeIntake intake, Caller caller, Optional<IdempotencyKey> key) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    FreezeDeclared freeze = intake.freeze(UUID.randomUUID(), now);
    for (ClientId client : freeze.clients()) {
      if (!caller.sees(client.value())) {
        throw new NotVisibleException(
            "No client \"" + client.value() + "\" within your client scope.");
      }
    }
    Statement statement = statement(freeze, caller, now);
    Optional<IdempotentRequest> idempotent =
        key.map(k -> new IdempotentRequest(caller.subject(), k, ChangeWriter.bodyHash(intake)));
    Recorded recorded = recorder.record(statement, FreezeRows.of(freeze).projection(), idempotent);
    // A replay answers the entry the first request appended, with its own freeze id.
    FreezeView view =
        FreezeView.of(store.at(recorded.receipt().index()), caller, now)
            .withReceipt(ReceiptView.of(recorded.receipt()));
    return new Declaration(view, recorded.replayed());
  }

  /**
   * The freezes of the clients the caller sees, newest first.
   *
   * @param client only this client's, if given
   * @param environment only this environment's, if given
   * @param at only those holding at this moment, if given
   */
  List<FreezeView> list(
      Optional<String> client, Optional<String> environment, Optional<Instant> at, Caller caller) {
    Optional<List<String>> clients;
    if (client.isPresent()) {
      clients = Optional.of(caller.sees(client.get()) ? List.of(client.get()) : List.of());
    } else {
      clients = caller.allClients() ? Optional.empty() : Optional.of(List.copyOf(caller.clients()));
    }
    Instant now = Instant.now();
    return store.list(clients, environment, at, LIST_LIMIT).stream()
        .filter(d -> at.map(t -> d.freeze().window().covers(t)).orElse(true))
        .map(d -> FreezeView.of(d, caller, at.orElse(now)))
        .toList();
  }

  /** The statement the service signs: its subject is the freeze (docs/formats.md §2.1). */
  private static Statement statement(FreezeDeclared freeze, Caller caller, Instant now) {
    try {
      EventData.requireParsable(freeze);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
    Statement statement =
        new Statement(
            freeze.subjectName(),
            freeze.subjectDigest(),
            new Event(UUID.randomUUID().toString(), freeze, caller.actor(), now));
    int size = statement.canonicalBytes().length;
    if (size > EventLimits.MAX_STATEMENT_BYTES) {
      throw new InvalidInputException(
          "the freeze would be "
              + size
              + " bytes; at most "
              + EventLimits.MAX_STATEMENT_BYTES
              + " fit in one entry");
    }
    return statement;
  }
}
