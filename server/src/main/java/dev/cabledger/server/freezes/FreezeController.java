package dev.cabledger.server.freezes;

import dev.cabledger.server.access.Caller;
import dev.cabledger.server.events.IdempotencyKey;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
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
  private final Freezes freezes;

  FreezeController(Freezes freezes) {
    this.freezes = freezes;
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
    Freezes.Declaration declared =
        freezes.declare(
            intake, caller, Optional.ofNullable(idempotencyKey).map(IdempotencyKey::ofHeader));
    return ResponseEntity.status(declared.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(declared.view());
  }

  @GetMapping(value = "/api/freezes", produces = MediaType.APPLICATION_JSON_VALUE)
  FreezeList freezes(
      @RequestParam(required = false) @Nullable String client,
      @RequestParam(required = false) @Nullable String environment,
      @RequestParam(required = false) @Nullable String activeAt,
      @AuthenticationPrincipal Caller caller) {
    Optional<Instant> at = Optional.ofNullable(activeAt).map(FreezeController::moment);
    return new FreezeList(
        freezes.list(Optional.ofNullable(client), Optional.ofNullable(environment), at, caller));
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
