package dev.cabledger.server.identity;

import dev.cabledger.server.access.NotVisibleException;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/identity/jwks}: the local issuer's public JWK set, public like any JWKS. */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class JwksController {
  private final TrustedIssuer trusted;

  JwksController(TrustedIssuer trusted) {
    this.trusted = trusted;
  }

  @GetMapping(value = "/api/identity/jwks", produces = "application/jwk-set+json")
  Map<String, Object> jwks() {
    return trusted
        .local()
        .map(LocalIssuer::jwkSet)
        .orElseThrow(
            () ->
                new NotVisibleException(
                    "This service trusts an external identity provider; its keys are published"
                        + " there, not here."));
  }
}
