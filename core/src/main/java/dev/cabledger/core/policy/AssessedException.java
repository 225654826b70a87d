package dev.cabledger.core.policy;

import dev.cabledger.core.event.ExceptionType;
import java.util.Optional;
import java.util.UUID;

/**
 * An exception requested for a change's current plan and where it stands.
 *
 * @param exceptionId the exception's id
 * @param type what the exception is for
 * @param request the {@code EXCEPTION_REQUESTED} entry
 * @param state where it stands
 * @param decision the security reviewer's decision that sets the state, if any
 */
public record AssessedException(
    UUID exceptionId,
    ExceptionType type,
    LoggedEvent request,
    State state,
    Optional<LoggedEvent> decision) {

  /** The states of an exception. */
  public enum State {
    PENDING,
    APPROVED,
    DENIED,
    EXPIRED,
    REVOKED;

    /** The word as the API writes it. */
    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
