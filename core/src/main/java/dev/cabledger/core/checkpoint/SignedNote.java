package dev.cabledger.core.checkpoint;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/** A parsed C2SP signed note (c2sp.org/signed-note): its text and its signature lines. */
record SignedNote(String text, List<Line> lines) {
  /** The most signature lines accepted; the spec requires at least 16 to be accepted. */
  static final int MAX_SIGNATURES = 100;

  static final String SIGNATURE_PREFIX = "\u2014 ";

  /** One signature line: key name, key ID and the signature proper. */
  record Line(String keyName, NoteKeyId keyId, byte[] signature) {
    Line {
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Line other
          && keyName.equals(other.keyName)
          && keyId.equals(other.keyId)
          && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
      return Objects.hash(keyName, keyId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
      return "Line[" + keyName + " " + keyId + "]";
    }
  }

  SignedNote {
    lines = List.copyOf(lines);
  }

  /**
   * Parses a signed note (signed-note "Format"): valid UTF-8 (a Java string here) without control
   * characters other than newline; the text ends in a newline and is separated from the signatures
   * by the last blank line; each signature line is em dash, space, key name, space, base64 of a
   * 4-byte key ID and the signature, newline.
   */
  static SignedNote parse(String note) {
    for (int i = 0; i < note.length(); i++) {
      char c = note.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw malformed("it contains the control character U+" + String.format("%04X", (int) c));
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < note.length()
          && Character.isLowSurrogate(note.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw malformed("it is not valid UTF-8 (lone surrogate)");
      }
    }
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw malformed("there is no blank line before the signatures");
    }
    String text = note.substring(0, split + 1);
    String signatures = note.substring(split + 2);
    if (signatures.isEmpty()) {
      throw malformed("it has no signature lines");
    }
    if (!signatures.endsWith("\n")) {
      throw malformed("the last signature line does not end with a newline");
    }
    String[] rawLines = signatures.substring(0, signatures.length() - 1).split("\n", -1);
    if (rawLines.length > MAX_SIGNATURES) {
      throw malformed("it has more than " + MAX_SIGNATURES + " signature lines");
    }
    List<Line> lines = new ArrayList<>(rawLines.length);
    for (String raw : rawLines) {
      lines.add(parseLine(raw));
    }
    return new SignedNote(text, lines);
  }

  private static Line parseLine(String raw) {
    if (!raw.startsWith(SIGNATURE_PREFIX)) {
      throw malformed("a signature line does not start with an em dash and a space");
    }
    String rest = raw.substring(SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw malformed("a signature line has no space between key name and signature");
    }
    String name = rest.substring(0, space);
    String base64 = rest.substring(space + 1);
    if (!isValidName(name)) {
      throw malformed("a signature line has an invalid key name: \"" + name + "\"");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(
          Failure.CHECKPOINT,
          "malformed signed note: the signature by " + name + " is not standard base64",
          e);
    }
    if (decoded.length < 5 || !Base64.getEncoder().encodeToString(decoded).equals(base64)) {
      throw malformed(
          "the signature by " + name + " is not padded base64 of a key ID and a signature");
    }
    return new Line(
        name,
        new NoteKeyId(Arrays.copyOf(decoded, 4)),
        Arrays.copyOfRange(decoded, 4, decoded.length));
  }

  /** A signature line for the key. */
  static String formatLine(String keyName, NoteKeyId keyId, byte[] signature) {
    byte[] both = new byte[4 + signature.length];
    System.arraycopy(keyId.bytes(), 0, both, 0, 4);
    System.arraycopy(signature, 0, both, 4, signature.length);
    return SIGNATURE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(both) + "\n";
  }

  /** Key names are non-empty, without Unicode spaces or plus (signed-note "Format"). */
  static boolean isValidName(String name) {
    if (name.isEmpty() || name.indexOf('+') >= 0) {
      return false;
    }
    return name.codePoints()
        .noneMatch(
            c ->
                Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || Character.isISOControl(c)
                    || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE));
  }

  static void requireValidName(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "a note key name must be non-empty, without spaces or '+': \"" + name + "\"");
    }
  }

  private static VerificationException malformed(String what) {
    return new VerificationException(Failure.CHECKPOINT, "malformed signed note: " + what);
  }
}
