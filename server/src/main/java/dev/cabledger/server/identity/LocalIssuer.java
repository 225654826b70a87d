package dev.cabledger.server.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.sign.AtomicFile;
import dev.cabledger.core.sign.Pem;
import dev.cabledger.server.access.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The embedded token issuer: an Ed25519 key in the keys directory (owner-only), generated at the
 * service's first start, and a small settings file beside it ({@code local-issuer.json}: issuer,
 * audience and claim names), so that {@code cab-ledger token} mints tokens this instance accepts
 * without talking to it.
 */
public final class LocalIssuer {
  /** The prefix of a local issuer's {@code iss}; the log origin follows it. */
  public static final String ISSUER_PREFIX = "cab-ledger-local:";

  /** The longest a minted token may live. */
  public static final Duration MAX_TTL = Duration.ofDays(31);

  static final String PRIVATE_FILE = "local-issuer.pem";
  static final String PUBLIC_FILE = "local-issuer.pub.pem";
  static final String SETTINGS_FILE = "local-issuer.json";

  private static final byte[] ED25519_SPKI_PREFIX =
      HexFormat.of().parseHex("302a300506032b6570032100");
  private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9._:@/-]{1,128}");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KeyPair key;
  private final OctetKeyPair jwk;
  private final String issuer;
  private final TokenClaims claims;

  private LocalIssuer(KeyPair key, String issuer, TokenClaims claims) {
    this.key = key;
    this.issuer = issuer;
    this.claims = claims;
    try {
      this.jwk =
          new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(rawPublicKey(key.getPublic())))
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.EdDSA)
              .keyIDFromThumbprint()
              .build();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot compute the local issuer key's thumbprint", e);
    }
  }

  /** The issuer name of the log with origin {@code origin}. */
  public static String issuerFor(String origin) {
    return ISSUER_PREFIX + origin;
  }

  /**
   * Reads the issuer key from {@code keysDir}, generating it if absent, and records the issuer name
   * and claim names for {@code cab-ledger token}.
   *
   * @return the issuer, and whether its key was generated now (a new data directory)
   */
  static Loaded loadOrGenerate(Path keysDir, String issuer, TokenClaims claims) {
    Path priv = keysDir.resolve(PRIVATE_FILE);
    Path pub = keysDir.resolve(PUBLIC_FILE);
    boolean generated = false;
    KeyPair pair;
    if (Files.exists(priv) && Files.exists(pub)) {
      pair = readKeyPair(priv, pub);
    } else if (Files.exists(priv) || Files.exists(pub)) {
      throw new IllegalStateException(
          "the local issuer key is incomplete: "
              + (Files.exists(priv) ? pub : priv)
              + " is missing; delete both "
              + PRIVATE_FILE
              + " files to make a new one (tokens minted before stop working)");
    } else {
      pair = generate();
      AtomicFile.writeSecret(priv, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
      AtomicFile.writePublic(pub, Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()));
      generated = true;
    }
    ObjectNode settings = JSON.createObjectNode();
    settings.put("issuer", issuer);
    settings.put("audience", claims.audience());
    settings.put("roleClaim", claims.roleClaim());
    settings.put("clientsClaim", claims.clientsClaim());
    settings.put("allClientsClaim", claims.allClientsClaim());
    AtomicFile.writePublic(
        keysDir.resolve(SETTINGS_FILE),
        (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(settings) + "\n")
            .getBytes(StandardCharsets.UTF_8));
    return new Loaded(new LocalIssuer(pair, issuer, claims), generated);
  }

  /** A loaded issuer, and whether its key was just generated. */
  record Loaded(LocalIssuer issuer, boolean generated) {}

  /**
   * Opens the issuer a service wrote to {@code keysDir}, to mint tokens for it.
   *
   * @throws IllegalStateException if the service never ran with that keys directory
   */
  public static LocalIssuer open(Path keysDir) {
    Path priv = keysDir.resolve(PRIVATE_FILE);
    Path pub = keysDir.resolve(PUBLIC_FILE);
    Path settingsFile = keysDir.resolve(SETTINGS_FILE);
    if (!Files.exists(priv) || !Files.exists(pub) || !Files.exists(settingsFile)) {
      throw new IllegalStateException(
          "no local token issuer in "
              + keysDir
              + ": start `cab-ledger serve` with this data directory once (it creates the"
              + " issuer key), or use tokens from your identity provider if cab.identity is"
              + " configured");
    }
    ObjectNode settings;
    try {
      settings = (ObjectNode) JSON.readTree(Files.readString(settingsFile));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + settingsFile, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(settingsFile + " is not the issuer's settings JSON", e);
    }
    TokenClaims claims =
        new TokenClaims(
            settings.path("audience").asString(),
            settings.path("roleClaim").asString(),
            settings.path("clientsClaim").asString(),
            settings.path("allClientsClaim").asString());
    return new LocalIssuer(readKeyPair(priv, pub), settings.path("issuer").asString(), claims);
  }

  /** The {@code iss} of the tokens this issuer mints. */
  public String issuer() {
    return issuer;
  }

  /** The public JWK set (one Ed25519 key), as served at {@code GET /api/identity/jwks}. */
  public Map<String, Object> jwkSet() {
    return new JWKSet(jwk.toPublicJWK()).toJSONObject(true);
  }

  JWKSet publicKeys() {
    return new JWKSet(jwk.toPublicJWK());
  }

  /**
   * Mints a signed EdDSA token.
   *
   * @param subject the principal ({@code sub}), e.g. {@code user:alice}
   * @param roles the roles to grant; at least one
   * @param clients the clients the token may see; ignored with {@code allClients}
   * @param allClients whether the token sees every client
   * @param ttl how long the token lives, at most {@link #MAX_TTL}
   * @param clock the time of issue
   */
  public String mint(
      String subject,
      Set<Role> roles,
      Set<String> clients,
      boolean allClients,
      Duration ttl,
      Clock clock) {
    return mint(claims.audience(), subject, roles, clients, allClients, ttl, clock);
  }

  /** The longest a console login link may live: it is a credential in a URL, used once. */
  public static final Duration MAX_LOGIN_LINK_TTL = Duration.ofHours(1);

  /**
   * Mints the token of a one-time console login link: like {@link #mint}, but for the console's
   * sign-in audience ({@link TokenClaims#loginLinkAudience()}), so that the API refuses it as a
   * bearer token and the console refuses a bearer token as a link. Its {@code jti} is what the
   * console records as used.
   *
   * @param ttl how long the link is valid, at most {@link #MAX_LOGIN_LINK_TTL}
   */
  public String mintLoginLink(
      String subject,
      Set<Role> roles,
      Set<String> clients,
      boolean allClients,
      Duration ttl,
      Clock clock) {
    if (ttl.compareTo(MAX_LOGIN_LINK_TTL) > 0) {
      throw new IllegalArgumentException("a login link is valid for at most one hour");
    }
    return mint(claims.loginLinkAudience(), subject, roles, clients, allClients, ttl, clock);
  }

  private String mint(
      String audience,
      String subject,
      Set<Role> roles,
      Set<String> clients,
      boolean allClients,
      Duration ttl,
      Clock clock) {
    if (subject.isBlank()
        || subject.length() > 256
        || subject.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("the user must be 1 to 256 printable characters");
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("a token needs at least one role");
    }
    if (!allClients && clients.isEmpty()) {
      throw new IllegalArgumentException("name the clients the token may see, or all clients");
    }
    for (String client : clients) {
      if (!CLIENT.matcher(client).matches()) {
        throw new IllegalArgumentException(
            "a client id is 1 to 128 letters, digits or ._:@/- characters: " + client);
      }
    }
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("the token lifetime must be between 1 s and 31 days");
    }
    Instant now = clock.instant();
    ObjectNode header = JSON.createObjectNode();
    header.put("alg", "EdDSA");
    header.put("kid", jwk.getKeyID());
    header.put("typ", "JWT");
    ObjectNode body = JSON.createObjectNode();
    body.put("iss", issuer);
    body.put("sub", subject);
    body.put("aud", audience);
    body.put("iat", now.getEpochSecond());
    body.put("nbf", now.getEpochSecond());
    body.put("exp", now.plus(ttl).getEpochSecond());
    body.put("jti", UUID.randomUUID().toString());
    var roleArray = body.putArray(claims.roleClaim());
    new TreeSet<>(roles).forEach(r -> roleArray.add(r.name()));
    if (allClients) {
      body.put(claims.allClientsClaim(), true);
    } else {
      var clientArray = body.putArray(claims.clientsClaim());
      new TreeSet<>(clients).forEach(clientArray::add);
    }
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        b64.encodeToString(JSON.writeValueAsBytes(header))
            + "."
            + b64.encodeToString(JSON.writeValueAsBytes(body));
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key.getPrivate());
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** The JDK public key of a raw 32-byte Ed25519 key (RFC 8037 {@code x}). */
  static PublicKey ed25519PublicKey(byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
    }
    byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
    System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  private static byte[] rawPublicKey(PublicKey key) {
    byte[] spki = key.getEncoded();
    if (spki.length != ED25519_SPKI_PREFIX.length + 32
        || !Arrays.equals(
            spki,
            0,
            ED25519_SPKI_PREFIX.length,
            ED25519_SPKI_PREFIX,
            0,
            ED25519_SPKI_PREFIX.length)) {
      throw new IllegalStateException("the local issuer key is not an Ed25519 key");
    }
    return Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length);
  }

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519", e);
    }
  }

  private static KeyPair readKeyPair(Path priv, Path pub) {
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      PrivateKey privateKey =
          factory.generatePrivate(new PKCS8EncodedKeySpec(unpem(priv, "PRIVATE KEY")));
      PublicKey publicKey =
          factory.generatePublic(new X509EncodedKeySpec(unpem(pub, "PUBLIC KEY")));
      return new KeyPair(publicKey, privateKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "the local issuer key in " + priv.getParent() + " is not Ed25519", e);
    }
  }

  private static byte[] unpem(Path file, String label) {
    try {
      return Pem.decode(Files.readString(file, StandardCharsets.US_ASCII), label);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (VerificationException e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "LocalIssuer[" + issuer + ", kid " + jwk.getKeyID() + "]";
  }

  /** The claims of the tokens this issuer mints. */
  TokenClaims claims() {
    return claims;
  }
}
