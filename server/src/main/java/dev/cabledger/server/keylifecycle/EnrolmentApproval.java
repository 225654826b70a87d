package dev.cabledger.server.keylifecycle;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.KeyEnrolmentRejected;
import dev.cabledger.core.event.KeyEnrolmentRequested;
import dev.cabledger.core.event.KeyPurpose;
import dev.cabledger.core.event.KeyRegistered;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.SeparationOfDutiesException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A platform admin's decision on an enrolment: its approval (KEY_REGISTERED, purpose {@code
 * approver}) or its rejection (KEY_ENROLMENT_REJECTED), for the API ({@link EnrolmentController})
 * and the console's enrolments page ({@link EnrolmentsPage}), so that both take one path to the
 * log.
 */
@Component
final class EnrolmentApproval {
  private final Enrolments enrolments;
  private final ChangeWriter writer;
  private final Duration validity;
  private final Clock clock = Clock.systemUTC();

  EnrolmentApproval(Enrolments enrolments, ChangeWriter writer, ApproverKeysProperties properties) {
    this.enrolments = enrolments;
    this.writer = writer;
    this.validity = properties.validity();
  }

  /**
   * An approval recorded.
   *
   * @param recorded the KEY_REGISTERED entry's receipt
   * @param enrolment the enrolment as its signed entries now state it
   */
  record Approved(Recorded recorded, Enrolments.View enrolment) {}

  /**
   * A rejection recorded.
   *
   * @param recorded the KEY_ENROLMENT_REJECTED entry's receipt
   * @param enrolment the enrolment as its signed entries now state it
   */
  record Decided(Recorded recorded, Enrolments.View enrolment) {}

  /**
   * Registers the enrolment's key, signed by the service.
   *
   * @throws InvalidInputException for a malformed id or validity; nothing is written
   * @throws NotVisibleException if there is no such enrolment
   * @throws SeparationOfDutiesException if the caller asked for the enrolment
   */
  Approved approve(
      String id,
      EnrolmentController.@Nullable ApprovalIntake intake,
      Optional<String> idempotencyKey,
      Caller caller) {
    UUID enrolmentId = enrolmentId(id);
    EnrolmentRows.Stored stored =
        enrolments
            .row(enrolmentId)
            .orElseThrow(() -> new NotVisibleException("no enrolment " + id));
    KeyEnrolmentRequested request = enrolments.request(stored);
    if (request.owner().equals(caller.subject())) {
      throw new SeparationOfDutiesException(
          "you asked to enrol key "
              + request.keyId()
              + " yourself; a platform admin other than its owner approves it");
    }
    // Rejected: refused again under the append lock (ApprovalProjection), after a retry with the
    // same Idempotency-Key has been answered.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant validTo = validTo(intake, now);
    KeyRegistered registration =
        new KeyRegistered(
            request.keyId(),
            request.algorithm(),
            request.publicKey(),
            request.owner(),
            KeyPurpose.APPROVER,
            now,
            Optional.of(validTo));
    Statement statement = KeyStatements.of(request.publicKey().der(), registration, caller, now);
    Recorded recorded =
        writer.recordOffChange(
            statement,
            new ApprovalProjection(
                enrolmentId, new KeyRowsProjection(request.keyId(), Optional.empty(), statement)),
            idempotencyKey,
            caller,
            new EnrolmentController.ApprovalRequest(id, intake));
    return new Approved(recorded, enrolments.find(enrolmentId).orElseThrow());
  }

  /**
   * Rejects the enrolment with a reason the owner reads, signed by the service.
   *
   * @throws InvalidInputException for a malformed id or a missing reason; nothing is written
   * @throws NotVisibleException if there is no such enrolment
   * @throws SeparationOfDutiesException if the caller asked for the enrolment
   */
  Decided reject(
      String id,
      EnrolmentController.RejectionIntake intake,
      Optional<String> idempotencyKey,
      Caller caller) {
    UUID enrolmentId = enrolmentId(id);
    String reason = intake.reason();
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException("reason is required");
    }
    EnrolmentRows.Stored stored =
        enrolments
            .row(enrolmentId)
            .orElseThrow(() -> new NotVisibleException("no enrolment " + id));
    KeyEnrolmentRequested request = enrolments.request(stored);
    if (request.owner().equals(caller.subject())) {
      throw new SeparationOfDutiesException(
          "you asked to enrol key "
              + request.keyId()
              + " yourself; a platform admin other than its owner decides on it");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Statement statement =
        KeyStatements.of(
            request.publicKey().der(),
            new KeyEnrolmentRejected(enrolmentId, request.keyId(), reason),
            caller,
            now);
    // Registered or rejected already: refused under the append lock (RejectionProjection).
    Recorded recorded =
        writer.recordOffChange(
            statement,
            new RejectionProjection(RejectionRows.of(statement).orElseThrow()),
            idempotencyKey,
            caller,
            new EnrolmentController.RejectionRequest(id, intake));
    return new Decided(recorded, enrolments.find(enrolmentId).orElseThrow());
  }

  private Instant validTo(EnrolmentController.@Nullable ApprovalIntake intake, Instant now) {
    Instant longest = now.plus(validity);
    if (intake == null || intake.validTo() == null) {
      return longest;
    }
    Instant asked;
    try {
      asked =
          OffsetDateTime.parse(intake.validTo(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "validTo must be an RFC 3339 time like 2027-04-01T00:00:00Z, not \""
              + intake.validTo()
              + "\"");
    }
    if (asked.getNano() % 1_000_000 != 0) {
      throw new InvalidInputException("validTo is precise to the millisecond at most");
    }
    if (!asked.isAfter(now) || asked.isAfter(longest)) {
      throw new InvalidInputException(
          "validTo must be after now and at most "
              + longest
              + " (cab.approver-keys.validity: "
              + validity
              + ")");
    }
    return asked;
  }

  static UUID enrolmentId(String id) {
    try {
      UUID uuid = UUID.fromString(id);
      if (uuid.toString().equals(id)) {
        return uuid;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw new InvalidInputException(
        "the enrolment id in the path is a lower-case UUID, not \"" + id + "\"");
  }
}
