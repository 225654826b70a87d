package dev.cabledger.core.checkpoint;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the log's origin, tree size and RFC 9162 root
 * hash.
 */
public record Checkpoint(String origin, long size, Digest root) {
  private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]*");

  /** The origin must be non-empty without control characters; the size must not be negative. */
  public Checkpoint {
    if (origin.isEmpty() || origin.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(
          "a checkpoint origin must be non-empty and free of control characters");
    }
    if (size < 0) {
      throw new IllegalArgumentException("a tree size must not be negative: " + size);
    }
  }

  /** The note text: {@code origin\nsize\nbase64(root)\n}. */
  public String body() {
    return origin + "\n" + size + "\n" + root.base64() + "\n";
  }

  /**
   * Parses a checkpoint note text (tlog-checkpoint "Note text"): origin, decimal tree size without
   * leading zeros, standard base64 root hash, each ending in a newline. Extension lines are
   * optional in the spec and NOT RECOMMENDED; CAB Ledger never writes them and rejects them, so
   * that a checkpoint has exactly one text.
   *
   * @throws VerificationException ({@link Failure#CHECKPOINT}) naming what is wrong
   */
  public static Checkpoint parseBody(String body) {
    if (!body.endsWith("\n")) {
      throw malformed("the text does not end with a newline");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw malformed("it has " + lines.length + " lines, expected origin, size and root hash");
    }
    if (lines.length > 3) {
      throw malformed("it has extension lines, which CAB Ledger does not use");
    }
    String origin = lines[0];
    if (origin.isEmpty()) {
      throw malformed("the origin line is empty");
    }
    if (!SIZE.matcher(lines[1]).matches()) {
      throw malformed("the tree size is not a decimal number without leading zeros: " + lines[1]);
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new VerificationException(
          Failure.CHECKPOINT, "malformed checkpoint: the tree size is too large: " + lines[1], e);
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(
          Failure.CHECKPOINT, "malformed checkpoint: the root hash is not base64", e);
    }
    if (root.length != Digest.LENGTH
        || !Base64.getEncoder().encodeToString(root).equals(lines[2])) {
      throw malformed("the root hash is not the padded base64 of 32 bytes");
    }
    try {
      return new Checkpoint(origin, size, Digest.of(root));
    } catch (IllegalArgumentException e) {
      throw new VerificationException(
          Failure.CHECKPOINT, "malformed checkpoint: " + e.getMessage(), e);
    }
  }

  private static VerificationException malformed(String what) {
    return new VerificationException(Failure.CHECKPOINT, "malformed checkpoint: " + what);
  }
}
