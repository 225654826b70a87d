package dev.cabledger.core.sign;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/** ML-DSA-65 (FIPS 204) keys on the JDK's own "SUN" provider: generation and encodings. */
public final class MlDsa65 {
  /** Length of a raw ML-DSA-65 public key (FIPS 204 pkEncode). */
  public static final int RAW_PUBLIC_KEY_LENGTH = 1952;

  /** Length of the X.509 SubjectPublicKeyInfo DER of an ML-DSA-65 key. */
  public static final int SPKI_LENGTH = 1974;

  /** Length of an ML-DSA-65 signature. */
  public static final int SIGNATURE_LENGTH = 3309;

  static final String PROVIDER = "SUN";
  static final String PARAMETER_SET = "ML-DSA-65";

  // RFC 9881 §4 / FIPS 204: SEQUENCE { SEQUENCE { OID 2.16.840.1.101.3.4.3.18 } BIT STRING }.
  private static final byte[] SPKI_HEADER =
      HexFormat.of().parseHex("308207b2300b0609608648016503040312038207a100");

  private MlDsa65() {}

  /** A fresh ML-DSA-65 key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(PARAMETER_SET, PROVIDER).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no ML-DSA-65 (Java 24+ is required)", e);
    }
  }

  /** Decodes X.509 SubjectPublicKeyInfo DER; {@link Failure#KEY} if not an ML-DSA-65 key. */
  public static PublicKey publicKeyFromSpki(byte[] spkiDer) {
    if (spkiDer.length != SPKI_LENGTH
        || !Arrays.equals(spkiDer, 0, SPKI_HEADER.length, SPKI_HEADER, 0, SPKI_HEADER.length)) {
      throw new VerificationException(
          Failure.KEY,
          "not an ML-DSA-65 public key: expected a "
              + SPKI_LENGTH
              + "-byte SubjectPublicKeyInfo with the id-ml-dsa-65 OID, got "
              + spkiDer.length
              + " bytes");
    }
    try {
      return keyFactory().generatePublic(new X509EncodedKeySpec(spkiDer));
    } catch (GeneralSecurityException e) {
      throw new VerificationException(Failure.KEY, "not an ML-DSA-65 public key", e);
    }
  }

  /** Wraps a raw 1952-byte public key in the fixed SPKI header; {@link Failure#KEY} if not. */
  public static PublicKey publicKeyFromRaw(byte[] raw1952) {
    if (raw1952.length != RAW_PUBLIC_KEY_LENGTH) {
      throw new VerificationException(
          Failure.KEY,
          "a raw ML-DSA-65 public key has "
              + RAW_PUBLIC_KEY_LENGTH
              + " bytes, got "
              + raw1952.length);
    }
    byte[] spki = Arrays.copyOf(SPKI_HEADER, SPKI_LENGTH);
    System.arraycopy(raw1952, 0, spki, SPKI_HEADER.length, RAW_PUBLIC_KEY_LENGTH);
    return publicKeyFromSpki(spki);
  }

  /** The raw 1952-byte public key; {@link Failure#KEY} if not an ML-DSA-65 key. */
  public static byte[] rawPublicKey(PublicKey key) {
    return Arrays.copyOfRange(spki(key), SPKI_HEADER.length, SPKI_LENGTH);
  }

  /** The X.509 SubjectPublicKeyInfo DER (1974 bytes); {@link Failure#KEY} if not ML-DSA-65. */
  public static byte[] spki(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded == null
        || !"X.509".equals(key.getFormat())
        || encoded.length != SPKI_LENGTH
        || !Arrays.equals(encoded, 0, SPKI_HEADER.length, SPKI_HEADER, 0, SPKI_HEADER.length)) {
      throw new VerificationException(
          Failure.KEY, "not an ML-DSA-65 public key: " + key.getAlgorithm());
    }
    return encoded;
  }

  /** Whether a private key is an ML-DSA-65 key (as far as its provider tells). */
  static boolean isMlDsa65(PrivateKey key) {
    String algorithm = key.getAlgorithm();
    if (!"ML-DSA".equalsIgnoreCase(algorithm) && !PARAMETER_SET.equalsIgnoreCase(algorithm)) {
      return false;
    }
    return !(key.getParams() instanceof NamedParameterSpec spec)
        || PARAMETER_SET.equalsIgnoreCase(spec.getName());
  }

  static String describe(PrivateKey key) {
    return key.getAlgorithm()
        + (key.getParams() instanceof NamedParameterSpec spec ? " (" + spec.getName() + ")" : "");
  }

  static KeyFactory keyFactory() {
    try {
      return KeyFactory.getInstance(PARAMETER_SET, PROVIDER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no ML-DSA-65 (Java 24+ is required)", e);
    }
  }
}
