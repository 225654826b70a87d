package dev.cabledger.server.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect provider for tests: Spring Authorization Server on a free loopback port,
 * with a login form, users {@code carol} (CAB_APPROVER of client acme in her ID token, under the
 * API's claim names) and {@code dave} (no CAB Ledger role), and PKCE required of every client.
 */
// Not a @Configuration: the service's component scan of dev.cabledger.server would pick it up.
@EnableAutoConfiguration(
    excludeName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
    })
class OidcProvider {
  static final String CLIENT_ID = "cab-console";
  static final String CLIENT_SECRET = "console-secret";
  static final String PASSWORD = "correct horse battery";

  /** A started provider. */
  record Running(ConfigurableApplicationContext app, URI issuer) implements AutoCloseable {
    /** Registers the console as a confidential client that must use PKCE. */
    void registerConsole(URI redirectUri) {
      app.getBean(InMemoryRegisteredClientRepository.class)
          .save(
              // One id: a later registration (another test's port) replaces the earlier one.
              RegisteredClient.withId(CLIENT_ID)
                  .clientId(CLIENT_ID)
                  .clientSecret("{noop}" + CLIENT_SECRET)
                  .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                  .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                  .redirectUri(redirectUri.toString())
                  .scope(OidcScopes.OPENID)
                  .clientSettings(
                      ClientSettings.builder()
                          .requireProofKey(true)
                          .requireAuthorizationConsent(false)
                          .build())
                  .build());
    }

    @Override
    public void close() {
      app.close();
    }
  }

  static Running start() {
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(OidcProvider.class)
            .run(
                "--spring.config.name=oidc-test-provider",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off");
    int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
    return new Running(app, URI.create("http://127.0.0.1:" + port));
  }

  @Bean
  @Order(1)
  SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
    OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
    http.securityMatcher(server.getEndpointsMatcher())
        .with(server, s -> s.oidc(Customizer.withDefaults()))
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .exceptionHandling(
            e ->
                e.defaultAuthenticationEntryPointFor(
                    new LoginUrlAuthenticationEntryPoint("/login"),
                    new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain loginForm(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .formLogin(Customizer.withDefaults());
    return http.build();
  }

  @Bean
  InMemoryRegisteredClientRepository registeredClients() {
    // The repository needs one client to start; the console's is added once its port is known.
    return new InMemoryRegisteredClientRepository(
        RegisteredClient.withId("placeholder")
            .clientId("placeholder")
            .clientSecret("{noop}placeholder")
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .build());
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("carol").password("{noop}" + PASSWORD).roles("USER").build(),
        User.withUsername("dave").password("{noop}" + PASSWORD).roles("USER").build());
  }

  /** Roles and clients in the ID token, under the names the service reads (as its API does). */
  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims() {
    return context -> {
      if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
          && context.getPrincipal().getName().equals("carol")) {
        context
            .getClaims()
            .claim("roles", List.of("CAB_APPROVER"))
            .claim("clients", List.of("acme"));
      }
    };
  }

  @Bean
  JWKSource<SecurityContext> jwkSource() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    RSAKey key =
        new RSAKey.Builder((RSAPublicKey) pair.getPublic())
            .privateKey((RSAPrivateKey) pair.getPrivate())
            .keyID(UUID.randomUUID().toString())
            .build();
    return new ImmutableJWKSet<>(new JWKSet(key));
  }

  @Bean
  JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
    return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings() {
    return AuthorizationServerSettings.builder().build();
  }
}
