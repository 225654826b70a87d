package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.events.IdempotencyKeyInFlightException;
import dev.cabledger.server.events.InvalidIdempotencyKeyException;
import dev.cabledger.server.ledger.AppendOutcomeUnknownException;
import org.junit.jupiter.api.Test;

class FormFailureTest {

  @Test
  void of_requestAndStateErrors_theirStatusAndWords() {
    assertThat(FormFailure.of(new InvalidInputException("reason is required")))
        .isEqualTo(new FormFailure(400, false, "reason is required"));
    assertThat(FormFailure.of(new InvalidIdempotencyKeyException("too long")).status())
        .isEqualTo(400);
    assertThat(FormFailure.of(new SeparationOfDutiesException("your own")).status()).isEqualTo(403);
    assertThat(FormFailure.of(new NotVisibleException("no change CR-1")).status()).isEqualTo(404);
    assertThat(FormFailure.of(new StateConflictException("decided already")))
        .isEqualTo(new FormFailure(409, false, "decided already"));
    assertThat(FormFailure.of(new StateConflictException("x")).serviceFault()).isFalse();
  }

  @Test
  void of_appendOutcomeUnknownOrInFlight_503AndNeverNotRecorded() {
    FormFailure unknown = FormFailure.of(new AppendOutcomeUnknownException("commit unclear"));
    assertThat(unknown).isEqualTo(new FormFailure(503, true, "commit unclear"));
    assertThat(unknown.serviceFault()).isFalse();
    assertThat(FormFailure.of(new IdempotencyKeyInFlightException("in flight")).outcomeUnknown())
        .isTrue();
  }

  @Test
  void of_anyOtherError_503ServiceFault() {
    FormFailure failure = FormFailure.of(new IllegalStateException("signing key unreadable"));

    assertThat(failure.status()).isEqualTo(503);
    assertThat(failure.outcomeUnknown()).isFalse();
    assertThat(failure.serviceFault()).isTrue();
    assertThat(failure.reason())
        .isEqualTo("the service could not sign or record it (signing key unreadable)");
  }

  @Test
  void new_unknownOutcomeThatIsNot503_isRejected() {
    assertThatThrownBy(() -> new FormFailure(400, true, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FormFailure(302, false, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void words_refusedOrUnknown_sayNotDoneOnlyWhenNothingWasRecorded() {
    assertThat(
            new FormFailure(400, false, "reason is required")
                .words("the key", "registered", "approving"))
        .isEqualTo("The key was NOT registered: reason is required");
    assertThat(
            new FormFailure(503, true, "commit unclear")
                .words("the key", "registered", "approving"))
        .isEqualTo(
            "Whether the key was registered is not known yet (commit unclear). Look for it below"
                + " before approving it again.");
  }
}
