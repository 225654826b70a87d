package dev.cabledger.server.exceptions;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.core.event.ExceptionType;
import dev.cabledger.server.workflow.InvalidInputException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/exceptions}; absent members arrive as null and are reported by name.
 * The audit schema's snake_case spellings are taken too, as members of their own rather than
 * {@code @JsonAlias}: an alias given beside its name would silently replace it, and a body that
 * says two things is refused instead.
 *
 * @param changeRequestId the change the exception is for
 * @param exceptionType vulnerability_scan, cross_boundary or unsigned_package
 * @param reason why the exception is needed (signed as {@code justification})
 * @param compensatingControls the controls offered instead
 * @param changeRequestIdSnake {@code change_request_id}
 * @param exceptionTypeSnake {@code exception_type}
 * @param compensatingControlsSnake {@code compensating_controls}
 */
record ExceptionIntake(
    @Nullable String changeRequestId,
    @Nullable String exceptionType,
    @Nullable String reason,
    @Nullable List<String> compensatingControls,
    @JsonProperty("change_request_id") @Nullable String changeRequestIdSnake,
    @JsonProperty("exception_type") @Nullable String exceptionTypeSnake,
    @JsonProperty("compensating_controls") @Nullable List<String> compensatingControlsSnake) {

  /** The request, checked member by member. */
  record Checked(String changeId, ExceptionType type, String reason, List<String> controls) {}

  Checked checked() {
    String changeRequestId =
        ExceptionWords.oneOf(
            this.changeRequestId, changeRequestIdSnake, "changeRequestId", "change_request_id");
    String exceptionType =
        ExceptionWords.oneOf(
            this.exceptionType, exceptionTypeSnake, "exceptionType", "exception_type");
    List<String> compensatingControls =
        ExceptionWords.oneOf(
            this.compensatingControls,
            compensatingControlsSnake,
            "compensatingControls",
            "compensating_controls");
    if (changeRequestId == null || changeRequestId.isBlank()) {
      throw new InvalidInputException(
          "changeRequestId is required: the change request the exception is for");
    }
    if (exceptionType == null) {
      throw new InvalidInputException("exceptionType is required: one of " + ExceptionWords.TYPES);
    }
    ExceptionType type = ExceptionWords.type(exceptionType, "exceptionType");
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException("reason is required: why the exception is needed");
    }
    if (reason.length() > EventLimits.MAX_STRING_LENGTH) {
      throw new InvalidInputException(
          "reason has "
              + reason.length()
              + " characters; at most "
              + EventLimits.MAX_STRING_LENGTH);
    }
    return new Checked(
        changeRequestId,
        type,
        reason,
        ExceptionWords.texts(compensatingControls, "compensatingControls"));
  }
}
