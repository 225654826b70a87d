package dev.cabledger.server.identity;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code cab.identity.*}. With neither {@code issuer-uri} nor {@code jwk-set-uri}
 * the service is its own issuer (the local issuer key in the keys directory).
 *
 * @param issuerUri the OIDC issuer; tokens must carry it as {@code iss}, and its JWK set is found
 *     by OIDC discovery unless {@code jwk-set-uri} is given
 * @param jwkSetUri where the issuer's public keys are published
 * @param audience the value tokens must carry in {@code aud}
 * @param roleClaim the claim that lists the principal's roles
 * @param clientsClaim the claim that lists the clients (tenants) the principal may see
 * @param allClientsClaim the boolean claim that grants every client
 * @param failureLimit failed authentications from one address within {@code failureWindow} after
 *     which that address gets 429
 * @param failureWindow the window of the failure limit
 * @param trackedAddresses the most source addresses the failure limit remembers at once
 */
@ConfigurationProperties("cab.identity")
record IdentityProperties(
    Optional<URI> issuerUri,
    Optional<URI> jwkSetUri,
    @DefaultValue("cab-ledger") String audience,
    @DefaultValue("roles") String roleClaim,
    @DefaultValue("clients") String clientsClaim,
    @DefaultValue("all_clients") String allClientsClaim,
    @DefaultValue("20") int failureLimit,
    @DefaultValue("1m") Duration failureWindow,
    @DefaultValue("10000") int trackedAddresses) {

  IdentityProperties {
    for (String claim : new String[] {audience, roleClaim, clientsClaim, allClientsClaim}) {
      if (claim.isBlank()) {
        throw new IllegalArgumentException("cab.identity audience and claim names must be set");
      }
    }
    if (failureLimit < 1) {
      throw new IllegalArgumentException("cab.identity.failure-limit must be >= 1");
    }
    if (failureWindow.isNegative() || failureWindow.isZero()) {
      throw new IllegalArgumentException("cab.identity.failure-window must be positive");
    }
    if (trackedAddresses < 16) {
      throw new IllegalArgumentException("cab.identity.tracked-addresses must be >= 16");
    }
  }

  /** Whether an external identity provider is configured (else the local issuer is used). */
  boolean external() {
    return issuerUri.isPresent() || jwkSetUri.isPresent();
  }

  /** The claim names, as the local issuer writes them. */
  TokenClaims claims() {
    return new TokenClaims(audience, roleClaim, clientsClaim, allClientsClaim);
  }
}
