package dev.cabledger.server.workflow;

import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.events.IdempotencyKeyInFlightException;
import dev.cabledger.server.events.InvalidIdempotencyKeyException;
import dev.cabledger.server.ledger.AppendOutcomeUnknownException;

/**
 * What a console form tells its user when the write it asked for failed: one mapping of the domain
 * errors to an HTTP status for every form, as {@code web/ProblemHandler} is the one for the API. A
 * form says "NOT recorded" only when nothing was; an append whose outcome is unknown says so
 * instead.
 *
 * @param status the page's HTTP status
 * @param outcomeUnknown whether the write may have been recorded (the append's outcome is unknown,
 *     or the same form is still being recorded): the page must not say "not recorded"
 * @param reason the words of what failed, for the page to show after its own "NOT …:"
 */
public record FormFailure(int status, boolean outcomeUnknown, String reason) {
  private static final int BAD_REQUEST = 400;
  private static final int FORBIDDEN = 403;
  private static final int NOT_FOUND = 404;
  private static final int CONFLICT = 409;
  private static final int UNAVAILABLE = 503;

  public FormFailure {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a failure's status is 4xx or 5xx, not " + status);
    }
    if (outcomeUnknown && status != UNAVAILABLE) {
      throw new IllegalArgumentException("an unknown outcome is a 503");
    }
  }

  /**
   * The failure a form's write ended with ({@link ChangeWriter} has already turned a check refused
   * under the append lock into the check's own error).
   */
  public static FormFailure of(RuntimeException e) {
    boolean unknown =
        e instanceof AppendOutcomeUnknownException || e instanceof IdempotencyKeyInFlightException;
    int status = status(e);
    String reason =
        status == UNAVAILABLE && !unknown
            ? "the service could not sign or record it (" + e.getMessage() + ")"
            : String.valueOf(e.getMessage());
    return new FormFailure(status, unknown, reason);
  }

  /**
   * The page's words for a failed write of {@code thing} ("the key"): that it was NOT {@code done}
   * ("registered") and why, or, when the outcome is unknown, that this is not known yet and to look
   * for it before {@code retrying} ("approving") it again.
   */
  public String words(String thing, String done, String retrying) {
    if (outcomeUnknown) {
      return "Whether "
          + thing
          + " was "
          + done
          + " is not known yet ("
          + reason
          + "). Look for it below before "
          + retrying
          + " it again.";
    }
    return Character.toUpperCase(thing.charAt(0))
        + thing.substring(1)
        + " was NOT "
        + done
        + ": "
        + reason;
  }

  /** Whether the service itself failed (to be logged), not the request or the record's state. */
  public boolean serviceFault() {
    return status == UNAVAILABLE && !outcomeUnknown;
  }

  private static int status(RuntimeException e) {
    return switch (e) {
      case InvalidInputException x -> BAD_REQUEST;
      case InvalidIdempotencyKeyException x -> BAD_REQUEST;
      case SeparationOfDutiesException x -> FORBIDDEN;
      case NotVisibleException x -> NOT_FOUND;
      case StateConflictException x -> CONFLICT;
      default -> UNAVAILABLE;
    };
  }
}
