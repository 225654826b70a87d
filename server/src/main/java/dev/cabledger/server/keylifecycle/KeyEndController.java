package dev.cabledger.server.keylifecycle;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.KeyCompromised;
import dev.cabledger.core.event.KeyRetired;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.keys.KeyEnd;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.StateConflictException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * The end of a key (docs/workflow.md, "Approver keys"): {@code POST /api/keys/{keyId}/retire} by
 * its owner or a platform admin (KEY_RETIRED, valid to now), {@code POST
 * /api/keys/{keyId}/compromised} by a platform admin (KEY_COMPROMISED as of a time). The service's
 * own keys are ended by a platform admin only, and not the ones it signs with now: those are
 * replaced first ({@code cab-ledger keys rotate}), since the entry ending them would be signed by
 * them.
 */
@RestController
class KeyEndController {
  private final KeyRegistry registry;
  private final ChangeWriter writer;
  private final LogReader reader;
  private final Clock clock = Clock.systemUTC();

  KeyEndController(KeyRegistry registry, ChangeWriter writer, LogReader reader) {
    this.registry = registry;
    this.writer = writer;
    this.reader = reader;
  }

  /**
   * The body of a retirement, optional.
   *
   * @param reason why, recorded in the entry
   */
  record RetireIntake(@Nullable String reason) {}

  /** What a retry with the same Idempotency-Key must repeat: the key and the body. */
  record RetireRequest(String keyId, @Nullable RetireIntake body) {}

  /**
   * The body of a compromise report.
   *
   * @param since from when on the key may have been in other hands, RFC 3339 (default now; not
   *     later)
   * @param reason what happened (required)
   */
  record CompromiseIntake(@Nullable String since, @Nullable String reason) {}

  /** What a retry with the same Idempotency-Key must repeat: the key and the body. */
  record CompromiseRequest(String keyId, CompromiseIntake body) {}

  /**
   * The key after its end, as the registry states it from the signed entries, and the receipt.
   *
   * @param keyId the key
   * @param endedBy who ended it (the entry's actor)
   * @param key the key in the registry after the entry: validity, status, compromise time
   * @param receipt where the entry is and the proof that a signed checkpoint covers it
   */
  record EndAnswer(String keyId, String endedBy, ObjectNode key, ReceiptView receipt) {}

  @PostMapping(value = "/api/keys/{keyId}/retire", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<EndAnswer> retire(
      @PathVariable String keyId,
      @RequestBody(required = false) @Nullable RetireIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    RegisteredKey key = registered(keyId);
    boolean admin = caller.roles().contains(Role.PLATFORM_ADMIN);
    if (!admin && !key.owner().equals(caller.subject())) {
      throw new NotKeyOwnerException(
          "key "
              + key.keyId()
              + " is "
              + key.owner()
              + "'s; it is retired by its owner or a PLATFORM_ADMIN");
    }
    notInUse(key);
    Optional<String> reason =
        Optional.ofNullable(intake).map(RetireIntake::reason).filter(r -> !r.isBlank());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Statement statement =
        KeyStatements.of(key, new KeyRetired(key.keyId(), now, reason), caller, now);
    Recorded recorded =
        writer.recordOffChange(
            statement,
            new KeyRowsProjection(key.keyId(), Optional.of(KeyEnd.RETIRED), statement),
            Optional.ofNullable(idempotencyKey),
            caller,
            new RetireRequest(keyId, intake));
    return answer(key.keyId(), recorded);
  }

  @PostMapping(
      value = "/api/keys/{keyId}/compromised",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<EndAnswer> compromised(
      @PathVariable String keyId,
      @RequestBody CompromiseIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    RegisteredKey key = registered(keyId);
    notInUse(key);
    if (intake.reason() == null || intake.reason().isBlank()) {
      throw new InvalidInputException("reason is required: what happened to the key");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant since = since(intake.since(), now);
    Statement statement =
        KeyStatements.of(key, new KeyCompromised(key.keyId(), since, intake.reason()), caller, now);
    Recorded recorded =
        writer.recordOffChange(
            statement,
            new KeyRowsProjection(key.keyId(), Optional.of(KeyEnd.COMPROMISED), statement),
            Optional.ofNullable(idempotencyKey),
            caller,
            new CompromiseRequest(keyId, intake));
    return answer(key.keyId(), recorded);
  }

  /**
   * The registered key with this id, as the registry states it.
   *
   * @throws NotVisibleException if no such key is registered
   */
  private RegisteredKey registered(String id) {
    KeyId keyId;
    try {
      keyId = new KeyId(id);
    } catch (IllegalArgumentException e) {
      throw new NotVisibleException("no registered key " + id);
    }
    return registry
        .find(keyId)
        .orElseThrow(() -> new NotVisibleException("no registered key " + id));
  }

  /**
   * Refuses to end a key this instance signs with now: the entry ending it would be signed by it,
   * and every entry after it too.
   *
   * @throws StateConflictException if the service signs with it now
   */
  private void notInUse(RegisteredKey key) {
    if (registry.inUse(key.keyId())) {
      throw new StateConflictException(
          "key "
              + key.keyId()
              + " is this service's current "
              + key.purpose()
              + " key, which signs every entry (the one ending it too); replace the service's"
              + " keys with `cab-ledger keys rotate` first, then end the old one");
    }
  }

  private EndAnswer view(KeyId keyId, Recorded recorded) {
    RegisteredKey after = registry.find(keyId).orElseThrow();
    return new EndAnswer(
        keyId.value(), actorOf(recorded), after.toJson(), ReceiptView.of(recorded.receipt()));
  }

  private ResponseEntity<EndAnswer> answer(KeyId keyId, Recorded recorded) {
    EndAnswer answer = view(keyId, recorded);
    return recorded.replayed()
        ? ResponseEntity.ok(answer)
        : ResponseEntity.status(201).body(answer);
  }

  /** Who made the entry, read from its signed bytes (a replay answers the first request's). */
  private String actorOf(Recorded recorded) {
    long index = recorded.receipt().index();
    try {
      return Envelope.parse(reader.entry(index).bytes()).statement().predicate().actor().subject();
    } catch (VerificationException | IllegalArgumentException e) {
      throw new LedgerIntegrityException(
          "entry " + index + " does not hold a valid statement: " + e.getMessage());
    }
  }

  private static Instant since(@Nullable String value, Instant now) {
    if (value == null) {
      return now;
    }
    Instant since;
    try {
      since = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "since must be an RFC 3339 time like 2026-04-01T14:30:00Z, not \"" + value + "\"");
    }
    if (since.getNano() % 1_000_000 != 0) {
      throw new InvalidInputException("since is precise to the millisecond at most");
    }
    if (since.isAfter(now)) {
      throw new InvalidInputException(
          "since is in the future; a key is marked compromised as of now or earlier");
    }
    return since;
  }
}
