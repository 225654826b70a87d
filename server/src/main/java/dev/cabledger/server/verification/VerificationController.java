package dev.cabledger.server.verification;

import dev.cabledger.server.access.Caller;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The article's {@code GET /api/cab/verify/{changeRequestId}}: whether a change's record is intact,
 * answered from the signed entries, never from the projection tables.
 */
@RestController
class VerificationController {
  private final ChangeVerification verification;

  VerificationController(ChangeVerification verification) {
    this.verification = verification;
  }

  @GetMapping(
      value = "/api/cab/verify/{changeRequestId}",
      produces = MediaType.APPLICATION_JSON_VALUE)
  VerificationView verify(
      @PathVariable String changeRequestId, @AuthenticationPrincipal Caller caller) {
    return verification.verify(changeRequestId, caller);
  }
}
