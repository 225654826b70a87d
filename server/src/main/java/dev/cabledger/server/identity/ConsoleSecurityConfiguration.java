package dev.cabledger.server.identity;

import dev.cabledger.server.access.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The web console's filter chain, beside the API's bearer-token chain: a session started by a
 * one-time login link or by OIDC sign-in (authorization code with PKCE), CSRF on every form, strict
 * headers, and authorization by {@link ConsoleAccess}. The session holds the same {@link Caller} a
 * bearer token would give, so pages check roles and tenant scope as the API does.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsoleSecurityConfiguration {
  /**
   * Scripts, styles and forms from the service alone, no plugins, no framing. Inline scripts and
   * styles are refused: the pages have none, so an injected one cannot run.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none';"
          + " base-uri 'none'; form-action 'self'";

  static final String SIGN_IN = "/console/signin";

  @Bean
  HttpSessionSecurityContextRepository consoleSessions() {
    return new HttpSessionSecurityContextRepository();
  }

  @Bean
  LoginLinks loginLinks(TrustedIssuer trusted, IdentityProperties props, JdbcTemplate jdbc) {
    Optional<TokenDecoder> decoder =
        trusted
            .local()
            .map(
                local ->
                    new TokenDecoder(
                        trusted.keys(),
                        trusted.issuer(),
                        props.claims().loginLinkAudience(),
                        Clock.systemUTC()));
    return new LoginLinks(decoder, jdbc, props, Clock.systemUTC());
  }

  /** The OIDC providers the console offers, as Spring Boot's client registrations configure. */
  @Bean
  ConsoleProviders consoleProviders(ObjectProvider<ClientRegistrationRepository> repository) {
    List<ConsoleProviders.Provider> providers = new ArrayList<>();
    if (repository.getIfAvailable() instanceof Iterable<?> registrations) {
      for (Object r : registrations) {
        if (r instanceof ClientRegistration c) {
          providers.add(new ConsoleProviders.Provider(c.getRegistrationId(), c.getClientName()));
        }
      }
    }
    return new ConsoleProviders(providers);
  }

  @Bean
  @Order(1)
  SecurityFilterChain consoleFilterChain(
      HttpSecurity http,
      HttpSessionSecurityContextRepository sessions,
      ObjectProvider<ClientRegistrationRepository> registrations,
      IdentityProperties props)
      throws Exception {
    AccessDeniedHandlerImpl denied = new AccessDeniedHandlerImpl();
    denied.setErrorPage("/console/denied");
    http.securityMatcher("/console", "/console/**", "/oauth2/**", "/login/oauth2/**")
        .securityContext(c -> c.securityContextRepository(sessions))
        .authorizeHttpRequests(r -> AccessTable.configure(r, ConsoleAccess.RULES))
        .headers(
            h ->
                h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                    // The login link carries its token in the URL: never sent on as a referrer.
                    .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                    .frameOptions(f -> f.deny()))
        .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(SIGN_IN))
                    .accessDeniedHandler(denied))
        .logout(l -> l.logoutUrl("/console/logout").logoutSuccessUrl(SIGN_IN + "?signedOut"));
    ClientRegistrationRepository repository = registrations.getIfAvailable();
    if (repository != null) {
      DefaultOAuth2AuthorizationRequestResolver resolver =
          new DefaultOAuth2AuthorizationRequestResolver(repository, "/oauth2/authorization");
      // PKCE for confidential clients too (RFC 9700 §2.1.1), not only for public ones.
      resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
      http.oauth2Login(
          o ->
              o.loginPage(SIGN_IN)
                  .authorizationEndpoint(a -> a.authorizationRequestResolver(resolver))
                  .failureUrl(SIGN_IN + "?failed")
                  .successHandler(
                      (request, response, authentication) ->
                          signedIn(request, response, authentication, sessions, props)));
    }
    return http.build();
  }

  /**
   * After OIDC sign-in: the session holds the {@link Caller} of the ID token's claims (the same
   * claims as the API's tokens), not the provider's token, and the browser goes to the queue.
   */
  private static void signedIn(
      HttpServletRequest request,
      HttpServletResponse response,
      Authentication authentication,
      HttpSessionSecurityContextRepository sessions,
      IdentityProperties props)
      throws IOException {
    if (!(authentication.getPrincipal() instanceof OidcUser user)) {
      SecurityContextHolder.clearContext();
      sessions.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
      response.sendRedirect(SIGN_IN + "?failed");
      return;
    }
    CallerAuthentication caller =
        SecurityConfiguration.caller(user.getSubject(), user.getClaims(), props);
    if (caller.getPrincipal().roles().isEmpty()) {
      SecurityContextHolder.clearContext();
      sessions.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
      response.sendRedirect(SIGN_IN + "?noRole");
      return;
    }
    start(caller, request, response, sessions);
    response.sendRedirect("/console");
  }

  /** Starts the session of {@code caller} under a new session id. */
  static void start(
      CallerAuthentication caller,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpSessionSecurityContextRepository sessions) {
    request.getSession(true);
    // A session id known before sign-in (planted by someone else) is worthless after it.
    request.changeSessionId();
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(caller);
    SecurityContextHolder.setContext(context);
    sessions.saveContext(context, request, response);
  }
}
