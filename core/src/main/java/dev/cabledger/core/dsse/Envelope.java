package dev.cabledger.core.dsse;

import dev.cabledger.core.Chars;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.core.sign.MlDsaVerifier;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A DSSE envelope (github.com/secure-systems-lab/dsse, envelope.md and protocol.md v1): a typed
 * payload and one or more signatures over its pre-authentication encoding.
 *
 * <p>{@link #canonicalBytes()} are the log entry bytes.
 */
public record Envelope(String payloadType, byte[] payload, List<EnvelopeSignature> signatures) {
  /** The payload type of in-toto statements. */
  public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

  private static final List<String> ENVELOPE_MEMBERS =
      List.of("payload", "payloadType", "signatures");
  private static final List<String> SIGNATURE_MEMBERS = List.of("keyid", "sig");

  /** The length of an ML-DSA-65 signature in padded base64. */
  private static final int SIGNATURE_BASE64_LENGTH = (MlDsa65.SIGNATURE_LENGTH + 2) / 3 * 4;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long QUOTES = 0x2222222222222222L;

  private static final byte[] ASCII_PAYLOAD = ascii("{\"payload\":\"");
  private static final byte[] ASCII_PAYLOAD_TYPE = ascii("\",\"payloadType\":");
  private static final byte[] ASCII_SIGNATURES = ascii(",\"signatures\":[");
  private static final byte[] ASCII_KEYID_FIRST = ascii("{\"keyid\":");
  private static final byte[] ASCII_KEYID_NEXT = ascii(",{\"keyid\":");
  private static final byte[] ASCII_SIG = ascii(",\"sig\":\"");
  private static final byte[] ASCII_SIG_END = ascii("\"}");
  private static final byte[] ASCII_END = ascii("]}");

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Copies the payload and the signature list; the payload type must not be empty. */
  public Envelope {
    if (payloadType.isEmpty()) {
      throw new IllegalArgumentException("a DSSE payload type must not be empty");
    }
    payload = payload.clone();
    signatures = List.copyOf(signatures);
  }

  /** A copy of the payload bytes. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /**
   * The payload read as a statement ({@link Statement#parse}), without the copy {@link #payload()}
   * makes: a report reads hundreds of thousands of them.
   *
   * @throws VerificationException ({@link Failure#FORMAT}) if the payload is not such a statement
   */
  public Statement statement() {
    return Statement.parse(payload);
  }

  /**
   * The DSSE v1 pre-authentication encoding (protocol.md): {@code "DSSEv1" SP LEN(type) SP type SP
   * LEN(body) SP body}, lengths as ASCII decimal byte counts, type in UTF-8.
   */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] middle = (" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII);
    // One array of the exact size: the PAE is built for every signature a report verifies.
    byte[] pae = new byte[head.length + type.length + middle.length + payload.length];
    ByteBuffer.wrap(pae).put(head).put(type).put(middle).put(payload);
    return pae;
  }

  /**
   * Signs the payload with every signer, in order.
   *
   * @throws dev.cabledger.core.sign.SigningException if any signature cannot be made
   */
  public static Envelope sign(String payloadType, byte[] payload, List<MlDsaSigner> signers) {
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("a DSSE envelope needs at least one signer");
    }
    byte[] pae = pae(payloadType, payload);
    List<EnvelopeSignature> signatures = new ArrayList<>(signers.size());
    for (MlDsaSigner signer : signers) {
      signatures.add(new EnvelopeSignature(signer.keyId(), signer.sign(pae)));
    }
    return new Envelope(payloadType, payload, signatures);
  }

  /**
   * The RFC 8785 canonical JSON of the envelope: {@code
   * {"payload":b64,"payloadType":..,"signatures":[{"keyid":..,"sig":b64},..]}}, standard base64.
   */
  public byte[] canonicalBytes() {
    // Written directly rather than through a JSON tree: this runs once per appended entry, on
    // kilobytes of base64. The member order is JCS's (sorted), base64 needs no escaping, and the
    // two free-form strings go through CanonicalJson.quote; EnvelopeTest checks the result
    // against CanonicalJson on the same envelope.
    Base64.Encoder b64 = Base64.getEncoder();
    byte[] type = CanonicalJson.quote(payloadType).getBytes(StandardCharsets.UTF_8);
    int size = 64 + type.length + (payload.length + 2) / 3 * 4;
    List<byte[]> ids = new ArrayList<>(signatures.size());
    for (EnvelopeSignature signature : signatures) {
      byte[] id = CanonicalJson.quote(signature.keyId().value()).getBytes(StandardCharsets.UTF_8);
      ids.add(id);
      size += 32 + id.length + (signature.sig().length + 2) / 3 * 4;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(ASCII_PAYLOAD).put(b64.encode(payload)).put(ASCII_PAYLOAD_TYPE).put(type);
    out.put(ASCII_SIGNATURES);
    for (int i = 0; i < signatures.size(); i++) {
      out.put(i == 0 ? ASCII_KEYID_FIRST : ASCII_KEYID_NEXT).put(ids.get(i));
      out.put(ASCII_SIG).put(b64.encode(signatures.get(i).sig())).put(ASCII_SIG_END);
    }
    out.put(ASCII_END);
    return Arrays.copyOf(out.array(), out.position());
  }

  /**
   * Parses the JSON envelope (DSSE envelope.md). Stricter than DSSE requires, so that an entry has
   * one spelling: every member is required (including {@code keyid}, which must be a valid {@link
   * KeyId}), no other members are allowed, base64 is padded standard base64 (RFC 4648 §4), and
   * there is at least one signature.
   *
   * @throws VerificationException ({@link Failure#FORMAT}) if the bytes are not such an envelope
   */
  public static Envelope parse(byte[] json) {
    Optional<Envelope> canonical = parseCanonical(json);
    return canonical.isPresent() ? canonical.get() : parseTree(json);
  }

  /** The general parse of {@link #parse}: through a JSON tree, with a message for each defect. */
  static Envelope parseTree(byte[] json) {
    JsonNode root = Fields.object(CanonicalJson.parse(json), "envelope", ENVELOPE_MEMBERS);
    byte[] payload = Fields.base64(root, "payload", "envelope");
    String payloadType = Fields.nonEmptyString(root, "payloadType", "envelope");
    JsonNode array = Fields.array(root, "signatures", "envelope");
    if (array.isEmpty()) {
      throw Fields.format("envelope.signatures is empty");
    }
    List<EnvelopeSignature> signatures = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String what = "envelope.signatures[" + i + "]";
      JsonNode element = Fields.object(array.get(i), what, SIGNATURE_MEMBERS);
      KeyId keyId;
      try {
        keyId = new KeyId(Fields.string(element, "keyid", what));
      } catch (IllegalArgumentException e) {
        throw new VerificationException(
            Failure.FORMAT, what + ".keyid is not a valid key id: " + e.getMessage(), e);
      }
      byte[] sig = Fields.base64(element, "sig", what);
      if (sig.length == 0) {
        throw Fields.format(what + ".sig is empty");
      }
      signatures.add(new EnvelopeSignature(keyId, sig));
    }
    return new Envelope(payloadType, payload, signatures);
  }

  /**
   * Reads the envelope when its bytes are exactly what {@link #canonicalBytes()} writes, as every
   * entry the service appends is, without a JSON tree: that tree held three copies of each
   * kilobytes-long base64 string, a third of what a report allocated besides verification. The two
   * free-form strings must be printable ASCII without quote or backslash (so their JCS form is
   * themselves), and everything {@link #parseTree} checks is checked here too. Anything else, valid
   * or not, is left to {@link #parseTree}, which gives the same envelope or names the defect;
   * {@code EnvelopeTest} holds the two to the same answers.
   */
  static Optional<Envelope> parseCanonical(byte[] json) {
    Cursor in = new Cursor(json);
    if (!in.skip(ASCII_PAYLOAD)) {
      return Optional.empty();
    }
    Optional<byte[]> payload = in.base64();
    if (payload.isEmpty() || !in.skip(ASCII_PAYLOAD_TYPE)) {
      return Optional.empty();
    }
    Optional<String> payloadType = in.plainString();
    if (payloadType.isEmpty() || payloadType.get().isEmpty() || !in.skip(ASCII_SIGNATURES)) {
      return Optional.empty();
    }
    List<EnvelopeSignature> signatures = new ArrayList<>(2);
    do {
      if (!in.skip(signatures.isEmpty() ? ASCII_KEYID_FIRST : ASCII_KEYID_NEXT)) {
        return Optional.empty();
      }
      Optional<String> keyId = in.plainString();
      if (keyId.isEmpty() || !Chars.keyId(keyId.get()) || !in.skip(ASCII_SIG)) {
        return Optional.empty();
      }
      Optional<byte[]> sig = in.base64(SIGNATURE_BASE64_LENGTH);
      if (sig.isEmpty() || sig.get().length == 0 || !in.skip(ASCII_SIG_END)) {
        return Optional.empty();
      }
      signatures.add(new EnvelopeSignature(new KeyId(keyId.get()), sig.get()));
    } while (!in.atEnd(ASCII_END));
    return Optional.of(new Envelope(payloadType.get(), payload.get(), signatures));
  }

  /** A position in canonical envelope bytes. */
  private static final class Cursor {
    private final byte[] bytes;
    private int at;

    Cursor(byte[] bytes) {
      this.bytes = bytes;
    }

    /** Moves past {@code expected} if the bytes continue with it. */
    boolean skip(byte[] expected) {
      if (!Arrays.equals(
          bytes, at, Math.min(at + expected.length, bytes.length), expected, 0, expected.length)) {
        return false;
      }
      at += expected.length;
      return true;
    }

    /** Whether the bytes end with {@code last}, right here (moving past it if so). */
    boolean atEnd(byte[] last) {
      return at + last.length == bytes.length && skip(last);
    }

    /** A string of printable ASCII without quote or backslash, and its closing quote. */
    Optional<String> plainString() {
      if (at >= bytes.length || bytes[at] != '"') {
        return Optional.empty();
      }
      int start = ++at;
      while (at < bytes.length && bytes[at] != '"') {
        byte b = bytes[at];
        if (b < 0x20 || b > 0x7e || b == '\\') {
          return Optional.empty();
        }
        at++;
      }
      if (at >= bytes.length) {
        return Optional.empty();
      }
      return Optional.of(new String(bytes, start, at++ - start, StandardCharsets.US_ASCII));
    }

    /**
     * Canonical padded standard base64 (RFC 4648 §4) up to the closing quote, decoded; the quote
     * itself is left for the next {@link #skip}.
     */
    Optional<byte[]> base64() {
      int start = at;
      at = quote(start);
      return decode(start, at);
    }

    /**
     * {@link #base64()} of a string that most likely has {@code length} characters: when the byte
     * after them is a quote, they are decoded without looking for the string's end, since a decoder
     * that accepts them has met no quote among them (a quote is no base64 character).
     */
    Optional<byte[]> base64(int length) {
      int end = at + length;
      if (end < bytes.length && bytes[end] == '"') {
        Optional<byte[]> decoded = decode(at, end);
        if (decoded.isPresent()) {
          at = end;
          return decoded;
        }
      }
      return base64();
    }

    /** The canonical base64 from {@code start} to {@code end}, decoded. */
    private Optional<byte[]> decode(int start, int end) {
      int length = end - start;
      ByteBuffer out;
      try {
        out = Base64.getDecoder().decode(ByteBuffer.wrap(bytes, start, length));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      byte[] decoded =
          out.remaining() == out.array().length
              ? out.array()
              : Arrays.copyOf(out.array(), out.remaining());
      if (!Fields.canonicalBase64(
          length,
          decoded.length,
          bytes[Math.max(start, end - 3)],
          bytes[Math.max(start, end - 2)])) {
        return Optional.empty();
      }
      return Optional.of(decoded);
    }

    /**
     * The index of the first quote at or after {@code from}, or the end of the bytes: eight bytes
     * at a time (a byte loop over an entry's six kilobytes of base64 took as long as decoding it).
     */
    private int quote(int from) {
      int i = from;
      for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
        // Bytes equal to a quote become zero; the lowest zero byte sets its top bit in found
        // (a borrow can only mark bytes above a zero byte, never below it).
        long x = (long) LONGS.get(bytes, i) ^ QUOTES;
        long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
        if (found != 0) {
          return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
      }
      while (i < bytes.length && bytes[i] != '"') {
        i++;
      }
      return i;
    }
  }

  /**
   * Checks every signature: each must name a key the function knows and verify over the PAE. An
   * envelope without signatures fails.
   *
   * @throws VerificationException ({@link Failure#SIGNATURE}) naming the key that failed
   */
  public void verify(Function<KeyId, Optional<MlDsaVerifier>> keys) {
    if (signatures.isEmpty()) {
      throw new VerificationException(Failure.SIGNATURE, "the envelope has no signatures");
    }
    byte[] pae = pae(payloadType, payload);
    for (int i = 0; i < signatures.size(); i++) {
      EnvelopeSignature signature = signatures.get(i);
      MlDsaVerifier verifier =
          keys.apply(signature.keyId())
              .orElseThrow(
                  () ->
                      new VerificationException(
                          Failure.SIGNATURE,
                          "envelope signature by unknown key " + signature.keyId()));
      try {
        signature.verifyWith(verifier, pae);
      } catch (VerificationException e) {
        throw new VerificationException(
            Failure.SIGNATURE,
            "envelope signature "
                + i
                + " by key "
                + signature.keyId()
                + " is invalid: "
                + e.getMessage(),
            e);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope other
        && payloadType.equals(other.payloadType)
        && Arrays.equals(payload, other.payload)
        && signatures.equals(other.signatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(payloadType, Arrays.hashCode(payload), signatures);
  }

  @Override
  public String toString() {
    return "Envelope[payloadType="
        + payloadType
        + ", payload="
        + payload.length
        + " bytes, signatures="
        + signatures
        + "]";
  }
}
