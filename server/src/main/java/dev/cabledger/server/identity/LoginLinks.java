package dev.cabledger.server.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * One-time console login links of the embedded default ({@code cab-ledger login-link}): a token of
 * the local issuer for the console's sign-in audience, whose id ({@code jti}) is recorded as used
 * in {@code console_login_link} when it starts a session, so that a second use is refused, also by
 * another instance sharing the database.
 */
final class LoginLinks {
  private static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

  /** How long after its expiry a used link's row is kept: beyond the decoder's clock skew. */
  static final Duration FORGET_AFTER = TokenDecoder.CLOCK_SKEW.multipliedBy(5);

  private final Optional<TokenDecoder> decoder;
  private final JdbcTemplate jdbc;
  private final IdentityProperties props;
  private final Clock clock;

  /**
   * @param decoder the decoder of login-link tokens; empty when an identity provider is configured
   *     (the service has no local issuer, so no links)
   */
  LoginLinks(
      Optional<TokenDecoder> decoder, JdbcTemplate jdbc, IdentityProperties props, Clock clock) {
    this.decoder = decoder;
    this.jdbc = jdbc;
    this.props = props;
    this.clock = clock;
  }

  /** Why a link did not sign in, in words for the sign-in page, and the page's status. */
  static final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    RefusedException(int status, String message) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /**
   * Checks a link's token and records it as used.
   *
   * @return who signs in
   * @throws RefusedException if the token is missing, invalid, expired or was used before
   */
  CallerAuthentication use(Optional<String> token) {
    TokenDecoder links =
        decoder.orElseThrow(
            () ->
                new RefusedException(
                    404,
                    "This service signs in through your organisation's identity provider;"
                        + " login links are for the embedded default only."));
    if (token.isEmpty() || token.get().isBlank()) {
      throw new RefusedException(
          400, "The link has no token. Get a new link with `cab-ledger login-link`.");
    }
    Jwt jwt;
    try {
      jwt = links.decode(token.get());
    } catch (TokenRejectedException e) {
      throw new RefusedException(
          400,
          "This sign-in link is not valid: "
              + e.getMessage()
              + " Get a new link with `cab-ledger login-link`.");
    }
    String tokenId = jwt.getId();
    if (tokenId == null || !TOKEN_ID.matcher(tokenId).matches()) {
      throw new RefusedException(
          400, "This sign-in link has no valid id (jti); links from `cab-ledger login-link` do.");
    }
    CallerAuthentication caller =
        SecurityConfiguration.caller(jwt.getSubject(), jwt.getClaims(), props);
    if (caller.getPrincipal().roles().isEmpty()) {
      throw new RefusedException(400, "This sign-in link grants no CAB Ledger role.");
    }
    // Whole seconds (a JWT's exp is), so that the stored texts compare in time order.
    Instant expires =
        (jwt.getExpiresAt() == null ? clock.instant() : jwt.getExpiresAt())
            .truncatedTo(ChronoUnit.SECONDS);
    // The token id is the key: a link already used inserts nothing (both databases' syntax).
    int inserted =
        jdbc.update(
            "INSERT INTO console_login_link (token_id, subject, used_at, expires_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (token_id) DO NOTHING",
            tokenId,
            jwt.getSubject(),
            clock.instant().toString(),
            expires.toString());
    // Forget links long expired: their tokens are refused anyway (after the clock skew too).
    jdbc.update(
        "DELETE FROM console_login_link WHERE expires_at < ?",
        clock.instant().minus(FORGET_AFTER).truncatedTo(ChronoUnit.SECONDS).toString());
    if (inserted == 0) {
      throw new RefusedException(
          410,
          "This sign-in link was already used. A link signs in once; get a new one with"
              + " `cab-ledger login-link`.");
    }
    return caller;
  }
}
