package dev.cabledger.server.identity;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.cabledger.server.CabProperties;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.ledger.LedgerOrigin;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The security filter chain: stateless JWT bearer authentication against the trusted issuer, and
 * authorization by {@link AccessTable}. Only in the web application; the CLI's offline tools and
 * tests that start the service without HTTP have no requests to secure.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  TrustedIssuer trustedIssuer(IdentityProperties props, CabProperties cab, LedgerOrigin origin) {
    if (props.external()) {
      Optional<String> issuer = props.issuerUri().map(Object::toString);
      var keys =
          props.jwkSetUri().isPresent()
              ? OidcDiscovery.jwkSet(props.jwkSetUri().get())
              : new OidcDiscovery(props.issuerUri().orElseThrow());
      log.info(
          "Identity: tokens of issuer {} (keys {})",
          issuer.orElse("(any, verified by the JWK set)"),
          props.jwkSetUri().map(Object::toString).orElse("by OIDC discovery"));
      return new TrustedIssuer(issuer, keys, Optional.empty());
    }
    LocalIssuer.Loaded loaded =
        LocalIssuer.loadOrGenerate(
            cab.resolvedKeysDir(), LocalIssuer.issuerFor(origin.value()), props.claims());
    LocalIssuer local = loaded.issuer();
    if (loaded.generated()) {
      log.info(
          "Identity: no identity provider configured (cab.identity.issuer-uri), so this instance"
              + " issues its own tokens; its issuer key is new in {}. Mint a bearer token with:"
              + " cab-ledger token --data-dir {} --user alice --roles CAB_APPROVER --clients acme."
              + " Open the web console with a one-time link from: cab-ledger login-link --data-dir"
              + " {} --user alice --roles CAB_APPROVER --clients acme",
          cab.resolvedKeysDir(),
          cab.dataDir(),
          cab.dataDir());
    } else {
      log.info(
          "Identity: local issuer {} (mint tokens with `cab-ledger token`, open the console with"
              + " a link from `cab-ledger login-link`)",
          local.issuer());
    }
    return new TrustedIssuer(
        Optional.of(local.issuer()), new ImmutableJWKSet<>(local.publicKeys()), Optional.of(local));
  }

  @Bean
  JwtDecoder jwtDecoder(TrustedIssuer trusted, IdentityProperties props) {
    return new TokenDecoder(trusted.keys(), trusted.issuer(), props.audience(), Clock.systemUTC());
  }

  @Bean
  FailedAuthenticationLimiter failedAuthenticationLimiter(IdentityProperties props) {
    return new FailedAuthenticationLimiter(
        props.failureLimit(), props.failureWindow(), props.trackedAddresses(), Clock.systemUTC());
  }

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http,
      JwtDecoder decoder,
      FailedAuthenticationLimiter limiter,
      IdentityProperties props) {
    SecurityProblems problems = new SecurityProblems(limiter);
    http.csrf(AbstractHttpConfigurer::disable) // bearer tokens only: no cookie to forge with
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .authorizeHttpRequests(AccessTable::configure)
        .oauth2ResourceServer(
            o ->
                o.jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(jwt -> caller(jwt, props)))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .addFilterBefore(
            new FailureLimitFilter(limiter, problems), BearerTokenAuthenticationFilter.class);
    return http.build();
  }

  /** The caller of a verified token: unknown role names are the provider's own and ignored. */
  static CallerAuthentication caller(Jwt jwt, IdentityProperties props) {
    return caller(jwt.getSubject(), jwt.getClaims(), props);
  }

  /**
   * The caller of verified claims (a bearer token's, or an OIDC ID token's for the console): the
   * same claims grant the same roles and clients either way.
   */
  static CallerAuthentication caller(
      String subject, Map<String, Object> claims, IdentityProperties props) {
    Set<Role> roles = new LinkedHashSet<>();
    for (String value : strings(claims.get(props.roleClaim()))) {
      Role.ofClaim(value).ifPresent(roles::add);
    }
    Set<String> clients = new LinkedHashSet<>(strings(claims.get(props.clientsClaim())));
    boolean all = Boolean.TRUE.equals(claims.get(props.allClientsClaim()));
    // A provider trusted by its JWK set alone may leave iss out; the statement says so.
    Object issuer = claims.get("iss");
    return new CallerAuthentication(
        new Caller(subject, roles, clients, all, issuer == null ? "(none)" : issuer.toString()));
  }

  /**
   * A claim as strings: a JSON array of strings, or one string of space or comma separated values.
   */
  private static List<String> strings(Object claim) {
    if (claim instanceof Collection<?> values) {
      return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    if (claim instanceof String text) {
      return List.of(text.split("[\\s,]+")).stream().filter(s -> !s.isEmpty()).toList();
    }
    return List.of();
  }
}
