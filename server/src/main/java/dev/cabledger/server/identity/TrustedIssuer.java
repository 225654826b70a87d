package dev.cabledger.server.identity;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.Optional;

/**
 * The issuer whose tokens the service accepts.
 *
 * @param issuer the required {@code iss}; empty when only a JWK set URI is configured
 * @param keys the issuer's public keys
 * @param local the embedded issuer, when no identity provider is configured
 */
record TrustedIssuer(
    Optional<String> issuer, JWKSource<SecurityContext> keys, Optional<LocalIssuer> local) {}
