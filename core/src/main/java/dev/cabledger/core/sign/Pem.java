package dev.cabledger.core.sign;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM text (RFC 7468): a label and the base64 of DER bytes between encapsulation boundaries. */
public final class Pem {
  private Pem() {}

  /** RFC 7468 §2: "-----BEGIN label-----", base64 lines of 64 characters, "-----END label-----". */
  public static byte[] encode(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * RFC 7468 §3 (lax parsing): text outside the encapsulation boundaries and whitespace inside are
   * ignored; the label must be the expected one and the base64 must be well formed.
   *
   * @throws VerificationException ({@link Failure#KEY}) if the text is not such a PEM block
   */
  public static byte[] decode(String text, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    // indexOf answers -1 for "absent"; comparing with -1 (not "< 0") leaves no boundary to get
    // wrong.
    int from = text.indexOf(begin);
    if (from == -1) {
      throw missing(label, begin);
    }
    int to = text.indexOf(end, from + begin.length());
    if (to == -1) {
      throw missing(label, end);
    }
    String base64 = text.substring(from + begin.length(), to).replaceAll("\\s+", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      if (der.length == 0) {
        throw new IllegalArgumentException("empty");
      }
      return der;
    } catch (IllegalArgumentException e) {
      throw new VerificationException(
          Failure.KEY, "PEM \"" + label + "\" has bad base64: " + e.getMessage(), e);
    }
  }

  private static VerificationException missing(String label, String boundary) {
    return new VerificationException(
        Failure.KEY, "not a PEM \"" + label + "\": missing " + boundary);
  }
}
