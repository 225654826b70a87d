package dev.cabledger.server.identity;

import org.springframework.security.oauth2.jwt.BadJwtException;

/** Why a bearer token was not accepted; the message is safe to show to the caller. */
final class TokenRejectedException extends BadJwtException {
  private static final long serialVersionUID = 1L;

  /** The reasons, each with the problem's {@code reason} value. */
  enum Reason {
    MALFORMED("malformed"),
    UNSIGNED("unsigned"),
    UNSUPPORTED_ALGORITHM("unsupported-algorithm"),
    UNKNOWN_KEY("unknown-key"),
    BAD_SIGNATURE("bad-signature"),
    EXPIRED("expired"),
    NOT_YET_VALID("not-yet-valid"),
    WRONG_ISSUER("wrong-issuer"),
    WRONG_AUDIENCE("wrong-audience"),
    INVALID_CLAIMS("invalid-claims"),
    ISSUER_UNAVAILABLE("issuer-unavailable");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    String code() {
      return code;
    }
  }

  private final Reason reason;

  TokenRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  TokenRejectedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
