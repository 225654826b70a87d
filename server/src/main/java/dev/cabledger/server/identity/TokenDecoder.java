package dev.cabledger.server.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.cabledger.core.Digest;
import dev.cabledger.server.identity.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * Verifies bearer tokens: a JWS signed with RS256 (RSA of 2048 bits or more), ES256 (P-256) or
 * EdDSA (Ed25519) by a key of the issuer's JWK set, unexpired, already valid, from the trusted
 * issuer and for this service's audience. Signatures are checked with the JDK's own providers, so
 * Ed25519 needs no extra library. Every rejection says why, without echoing the token.
 */
final class TokenDecoder implements JwtDecoder {
  /** Tolerated difference between the issuer's clock and ours. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private static final Pattern SUBJECT = Pattern.compile("\\P{Cntrl}{1,256}");
  private static final Map<String, String> JDK_ALGORITHMS =
      Map.of(
          "RS256", "SHA256withRSA",
          "ES256", "SHA256withECDSAinP1363Format",
          "EdDSA", "Ed25519",
          "Ed25519", "Ed25519");

  /** Tokens remembered; a pipeline presents one token on every call for hours. */
  static final int MAX_DECODED = 4096;

  private final JWKSource<SecurityContext> keys;

  /**
   * Tokens that passed every check, by the SHA-256 of the token. Verifying an Ed25519 or RSA
   * signature and parsing the claims cost more CPU than the rest of a request (measured with {@code
   * cab-ledger bench workflow}); for the same token the outcome can only change with time, which is
   * checked on every call, or when the issuer stops publishing the key that verified it, which is
   * checked too. Issuer, audience and subject are fixed by the token's signed bytes.
   */
  private final Map<Digest, Decoded> decoded = new ConcurrentHashMap<>();

  private final Optional<String> issuer;
  private final String audience;
  private final Clock clock;
  private final MappedJwtClaimSetConverter claimConverter =
      MappedJwtClaimSetConverter.withDefaults(Map.of());

  /**
   * @param keys the issuer's public keys
   * @param issuer the required {@code iss}; empty accepts any issuer whose key verifies
   * @param audience the required {@code aud} member
   */
  TokenDecoder(
      JWKSource<SecurityContext> keys, Optional<String> issuer, String audience, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
  }

  @Override
  public Jwt decode(String token) {
    Digest tokenHash = Digest.sha256(token.getBytes(StandardCharsets.UTF_8));
    Decoded known = decoded.get(tokenHash);
    if (known != null && issuerStillHas(known)) {
      checkTimes(known.jwt().getExpiresAt(), Optional.ofNullable(known.jwt().getNotBefore()));
      return known.jwt();
    }
    return decodeAndVerify(token, tokenHash);
  }

  /**
   * A token that passed every check, the header's key selector, and the key that verified it: only
   * the times can change its fate (and the issuer withdrawing that key).
   */
  private record Decoded(Jwt jwt, JWKSelector selector, JWSAlgorithm algorithm, PublicKey key) {}

  private boolean issuerStillHas(Decoded known) {
    try {
      for (JWK jwk : keys.get(known.selector(), null)) {
        if (publicKey(jwk, known.algorithm()).filter(known.key()::equals).isPresent()) {
          return true;
        }
      }
      return false;
    } catch (com.nimbusds.jose.KeySourceException e) {
      return false; // decoded again, which reports the failure
    }
  }

  private Jwt decodeAndVerify(String token, Digest tokenHash) {
    JWT parsed;
    try {
      parsed = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new TokenRejectedException(
          Reason.MALFORMED, "The bearer token is not a well-formed JWT.");
    }
    if (parsed instanceof PlainJWT) {
      throw new TokenRejectedException(
          Reason.UNSIGNED,
          "The token is unsigned (alg \"none\"); only RS256, ES256 and EdDSA signed tokens are"
              + " accepted.");
    }
    if (!(parsed instanceof SignedJWT jws)) {
      throw new TokenRejectedException(
          Reason.MALFORMED, "The bearer token is encrypted; a signed JWT (JWS) is expected.");
    }
    JWSHeader header = jws.getHeader();
    String jdkAlgorithm = JDK_ALGORITHMS.get(header.getAlgorithm().getName());
    if (jdkAlgorithm == null) {
      throw new TokenRejectedException(
          Reason.UNSUPPORTED_ALGORITHM,
          "The token is signed with "
              + printable(header.getAlgorithm().getName())
              + "; only RS256, ES256 and EdDSA are accepted.");
    }
    PublicKey key = verifySignature(jws, jdkAlgorithm);
    JWTClaimsSet claims;
    try {
      claims = jws.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new TokenRejectedException(Reason.MALFORMED, "The token's claims are not JSON.");
    }
    // The claims parser turns a numeric "sub" into a string; a subject is only ever a string.
    Map<String, Object> raw = jws.getPayload().toJSONObject();
    if (raw == null || (raw.containsKey("sub") && !(raw.get("sub") instanceof String))) {
      throw new TokenRejectedException(
          Reason.INVALID_CLAIMS, "The token's subject (sub) is not a JSON string.");
    }
    checkClaims(claims);
    Map<String, Object> converted = claimConverter.convert(claims.toJSONObject());
    Instant issuedAt = Optional.ofNullable(claims.getIssueTime()).map(Date::toInstant).orElse(null);
    Jwt jwt =
        new Jwt(
            token,
            issuedAt,
            claims.getExpirationTime().toInstant(),
            header.toJSONObject(),
            converted);
    if (decoded.size() >= MAX_DECODED) {
      decoded.clear(); // bounded; a cleared cache only costs decoding again
    }
    decoded.put(
        tokenHash,
        new Decoded(
            jwt, new JWKSelector(JWKMatcher.forJWSHeader(header)), header.getAlgorithm(), key));
    return jwt;
  }

  /** Verifies the signature; returns the issuer's key that verified it. */
  private PublicKey verifySignature(SignedJWT jws, String jdkAlgorithm) {
    JWSHeader header = jws.getHeader();
    JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
    if (matcher == null) {
      throw new TokenRejectedException(
          Reason.UNSUPPORTED_ALGORITHM, "The token's algorithm has no matching key type.");
    }
    List<JWK> candidates;
    try {
      candidates = keys.get(new JWKSelector(matcher), null);
    } catch (com.nimbusds.jose.KeySourceException e) {
      throw new TokenRejectedException(
          Reason.ISSUER_UNAVAILABLE,
          "The identity provider's keys could not be fetched; try again later.",
          e);
    }
    List<PublicKey> publicKeys = new ArrayList<>();
    for (JWK jwk : candidates) {
      publicKey(jwk, header.getAlgorithm()).ifPresent(publicKeys::add);
    }
    if (publicKeys.isEmpty()) {
      throw new TokenRejectedException(
          Reason.UNKNOWN_KEY,
          "The token's signing key"
              + (header.getKeyID() == null ? "" : " \"" + printable(header.getKeyID()) + "\"")
              + " is not one of the issuer's keys.");
    }
    byte[] input = jws.getSigningInput();
    byte[] signature = jws.getSignature().decode();
    for (PublicKey key : publicKeys) {
      if (verifies(jdkAlgorithm, key, input, signature)) {
        return key;
      }
    }
    throw new TokenRejectedException(
        Reason.BAD_SIGNATURE, "The token's signature does not verify with the issuer's key.");
  }

  private static boolean verifies(String algorithm, PublicKey key, byte[] input, byte[] sig) {
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(key);
      verifier.update(input);
      return verifier.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // a malformed signature is a signature that does not verify
    }
  }

  /** The JDK public key of a JWK usable with {@code alg}, or empty (wrong type, weak key). */
  private static Optional<PublicKey> publicKey(JWK jwk, JWSAlgorithm alg) {
    try {
      return switch (jwk) {
        case RSAKey rsa when alg.equals(JWSAlgorithm.RS256) && rsa.size() >= 2048 ->
            Optional.of(rsa.toRSAPublicKey());
        case ECKey ec when alg.equals(JWSAlgorithm.ES256) && Curve.P_256.equals(ec.getCurve()) ->
            Optional.of(ec.toECPublicKey());
        case OctetKeyPair okp
            when Curve.Ed25519.equals(okp.getCurve())
                && !alg.equals(JWSAlgorithm.RS256)
                && !alg.equals(JWSAlgorithm.ES256) ->
            Optional.of(LocalIssuer.ed25519PublicKey(okp.getX().decode()));
        default -> Optional.empty();
      };
    } catch (JOSEException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void checkClaims(JWTClaimsSet claims) {
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new TokenRejectedException(
          Reason.INVALID_CLAIMS, "The token has no expiry (exp); tokens must expire.");
    }
    checkTimes(
        exp.toInstant(), Optional.ofNullable(claims.getNotBeforeTime()).map(Date::toInstant));
    if (issuer.isPresent() && !issuer.get().equals(claims.getIssuer())) {
      throw new TokenRejectedException(
          Reason.WRONG_ISSUER,
          "The token's issuer "
              + (claims.getIssuer() == null
                  ? "is missing"
                  : "\"" + printable(claims.getIssuer()) + "\"")
              + " is not the issuer this service trusts.");
    }
    List<String> aud = claims.getAudience();
    if (!aud.contains(audience)) {
      throw new TokenRejectedException(
          Reason.WRONG_AUDIENCE,
          "The token's audience does not include \"" + audience + "\", this service.");
    }
    String subject = claims.getSubject();
    if (subject == null || !SUBJECT.matcher(subject).matches()) {
      throw new TokenRejectedException(
          Reason.INVALID_CLAIMS,
          "The token's subject (sub) is missing or not 1 to 256 printable characters.");
    }
  }

  private void checkTimes(@Nullable Instant expiresAt, Optional<Instant> notBefore) {
    Instant now = clock.instant();
    if (expiresAt == null) {
      throw new TokenRejectedException(
          Reason.INVALID_CLAIMS, "The token has no expiry (exp); tokens must expire.");
    }
    if (expiresAt.plus(CLOCK_SKEW).isBefore(now)) {
      throw new TokenRejectedException(
          Reason.EXPIRED, "The token expired at " + expiresAt + "; get a new one.");
    }
    if (notBefore.isPresent() && notBefore.get().minus(CLOCK_SKEW).isAfter(now)) {
      throw new TokenRejectedException(
          Reason.NOT_YET_VALID, "The token is not valid before " + notBefore.get() + ".");
    }
  }

  /** A value from the token, cut short and stripped of control characters, to show back. */
  private static String printable(String value) {
    String clean = value.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
  }
}
