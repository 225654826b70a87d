package dev.cabledger.server.gate;

import dev.cabledger.server.access.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/gate?change=&planHash=&environment=}: may this plan be applied to this
 * environment now? Always 200 with APPROVED or BLOCKED once the answer is logged.
 */
@RestController
class GateController {
  private final Gate gate;

  GateController(Gate gate) {
    this.gate = gate;
  }

  @GetMapping(value = "/api/gate", produces = MediaType.APPLICATION_JSON_VALUE)
  GateView gate(
      @RequestParam(required = false) @Nullable String change,
      @RequestParam(required = false) @Nullable String planHash,
      @RequestParam(required = false) @Nullable String environment,
      @AuthenticationPrincipal Caller caller) {
    return gate.evaluate(GateQuery.of(change, planHash, environment), caller);
  }
}
