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
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/freezes}: a platform admin declares a freeze for clients it sees; anyone lists the
 * freezes of the clients in scope.
 */
@RestController
class FreezeController {
  /** Freezes listed at most, newest first. */
  static final int LIST_LIMIT = 500;

  private final EventRecorder recorder;
  private final FreezeStore store;

  FreezeController(EventRecorder recorder, FreezeStore store) {
    this.recorder = recorder;
    this.store = store;
  }

  /**
   * The freezes listed.
   *
   * @param freezes newest first
   */
  record FreezeList(List<FreezeView> freezes) {}

  @PostMapping(
      value = "/api/freezes",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<FreezeView> declare(
      @RequestBody FreezeIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
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
        Optional.ofNullable(idempotencyKey)
            .map(IdempotencyKey::ofHeader)
            .map(k -> new IdempotentRequest(caller.subject(), k, ChangeWriter.bodyHash(intake)));
    Recorded recorded = recorder.record(statement, FreezeRows.of(freeze).projection(), idempotent);
    // A replay answers the entry the first request appended, with its own freeze id.
    FreezeView view =
        FreezeView.of(store.at(recorded.receipt().index()), caller, now)
            .withReceipt(ReceiptView.of(recorded.receipt()));
    return ResponseEntity.status(recorded.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(view);
  }

  @GetMapping(value = "/api/freezes", produces = MediaType.APPLICATION_JSON_VALUE)
  FreezeList freezes(
      @RequestParam(required = false) @Nullable String client,
      @RequestParam(required = false) @Nullable String environment,
      @RequestParam(required = false) @Nullable String activeAt,
      @AuthenticationPrincipal Caller caller) {
    Optional<Instant> at = Optional.ofNullable(activeAt).map(FreezeController::moment);
    Optional<List<String>> clients;
    if (client != null) {
      clients = Optional.of(caller.sees(client) ? List.of(client) : List.of());
    } else {
      clients = caller.allClients() ? Optional.empty() : Optional.of(List.copyOf(caller.clients()));
    }
    Instant now = Instant.now();
    List<FreezeView> out =
        store.list(clients, Optional.ofNullable(environment), at, LIST_LIMIT).stream()
            .filter(d -> at.map(t -> d.freeze().window().covers(t)).orElse(true))
            .map(d -> FreezeView.of(d, caller, at.orElse(now)))
            .toList();
    return new FreezeList(out);
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

  private static Instant moment(String value) {
    OffsetDateTime at;
    try {
      at = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "activeAt must be an RFC 3339 time like 2026-12-24T12:00:00Z, not \"" + value + "\"");
    }
    // Windows are computed on the calendar; years past RFC 3339's four digits have none to ask.
    if (at.getYear() < 1 || at.getYear() > 9999) {
      throw new InvalidInputException("activeAt must be in the years 0001 to 9999");
    }
    return at.toInstant();
  }
}
