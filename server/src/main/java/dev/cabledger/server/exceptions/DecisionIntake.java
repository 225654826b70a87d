package dev.cabledger.server.exceptions;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/exceptions/{id}/decisions}; absent members arrive as null and are
 * reported by name.
 *
 * @param decision approve or deny
 * @param justification why (required)
 * @param compensatingControls the controls the approval relies on (approve only)
 * @param expiresAt when the approval stops counting, RFC 3339 (approve only); defaults to {@code
 *     cab.workflow.approval-validity} from now, at most {@code cab.workflow.max-approval-validity}
 * @param compensatingControlsSnake {@code compensating_controls}, the audit schema's spelling (a
 *     member of its own, as in {@link ExceptionIntake})
 * @param expiresAtSnake {@code expires_at}
 */
record DecisionIntake(
    @Nullable String decision,
    @Nullable String justification,
    @Nullable List<String> compensatingControls,
    @Nullable String expiresAt,
    @JsonProperty("compensating_controls") @Nullable List<String> compensatingControlsSnake,
    @JsonProperty("expires_at") @Nullable String expiresAtSnake) {

  private static final Pattern RFC_3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:[Zz]|[+-]\\d{2}:\\d{2})");

  /**
   * A checked decision.
   *
   * @param approves whether it approves (else it denies)
   * @param justification why
   * @param controls the compensating controls (empty for a denial)
   * @param expiresAt when an approval stops counting (empty for a denial)
   */
  record Checked(
      boolean approves, String justification, List<String> controls, Optional<Instant> expiresAt) {}

  /**
   * The decision, checked against the validity settings.
   *
   * @param now the moment of the decision
   * @param validity the expiry of an approval that names none
   * @param maxValidity the latest expiry an approval may name, from now
   */
  Checked checked(Instant now, Duration validity, Duration maxValidity) {
    List<String> compensatingControls =
        ExceptionWords.oneOf(
            this.compensatingControls,
            compensatingControlsSnake,
            "compensatingControls",
            "compensating_controls");
    String expiresAt =
        ExceptionWords.oneOf(this.expiresAt, expiresAtSnake, "expiresAt", "expires_at");
    if (decision == null) {
      throw new InvalidInputException("decision is required: approve or deny");
    }
    boolean approves =
        switch (decision) {
          case "approve" -> true;
          case "deny" -> false;
          default ->
              throw new InvalidInputException(
                  "decision must be approve or deny, not \"" + decision + "\"");
        };
    if (justification == null || justification.isBlank()) {
      throw new InvalidInputException("justification is required: why you decide so");
    }
    if (justification.length() > EventLimits.MAX_STRING_LENGTH) {
      throw new InvalidInputException(
          "justification has "
              + justification.length()
              + " characters; at most "
              + EventLimits.MAX_STRING_LENGTH);
    }
    List<String> controls = ExceptionWords.texts(compensatingControls, "compensatingControls");
    if (!approves) {
      // A denial relies on no controls and never expires; a value here would be signed as nothing.
      if (!controls.isEmpty() || expiresAt != null) {
        throw new InvalidInputException(
            "compensatingControls and expiresAt belong to an approval; leave them out of a denial");
      }
      return new Checked(false, justification, List.of(), Optional.empty());
    }
    Instant expiry = expiresAt == null ? now.plus(validity) : instant(expiresAt);
    if (!expiry.isAfter(now)) {
      throw new InvalidInputException("expiresAt must be in the future, not " + expiresAt);
    }
    if (expiry.isAfter(now.plus(maxValidity))) {
      throw new InvalidInputException(
          "expiresAt must be at most "
              + maxValidity.toDays()
              + " days from now (cab.workflow.max-approval-validity), not "
              + expiresAt);
    }
    return new Checked(true, justification, controls, Optional.of(expiry));
  }

  private static Instant instant(String text) {
    if (!RFC_3339.matcher(text).matches()) {
      throw new InvalidInputException(
          "expiresAt must be an RFC 3339 date and time such as 2026-06-30T12:00:00Z, not \""
              + text
              + "\"");
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("expiresAt is not a valid date and time: \"" + text + "\"");
    }
    if (!at.truncatedTo(ChronoUnit.MILLIS).equals(at)) {
      throw new InvalidInputException("expiresAt may have at most millisecond precision");
    }
    return at;
  }
}
