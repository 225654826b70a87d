package dev.cabledger.server.events;

import java.util.regex.Pattern;

/**
 * The value of an {@code Idempotency-Key} request header (IETF draft "The Idempotency-Key HTTP
 * Header Field", section 2): a Structured Field string, so it arrives quoted; a bare value is taken
 * as well. Either way the key is 1 to 255 printable ASCII characters.
 *
 * @param value the key without quotes
 */
public record IdempotencyKey(String value) {
  private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7e]{1,255}");

  public IdempotencyKey {
    if (!PRINTABLE_ASCII.matcher(value).matches()) {
      throw new InvalidIdempotencyKeyException(
          "an Idempotency-Key is 1 to 255 printable ASCII characters");
    }
  }

  /** The key of a header value: an sf-string ({@code "..."}, RFC 9651 section 3.3.3) or bare. */
  public static IdempotencyKey ofHeader(String header) {
    String value = header.strip();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      String inner = value.substring(1, value.length() - 1);
      if (inner.contains("\"") || inner.contains("\\")) {
        throw new InvalidIdempotencyKeyException(
            "an Idempotency-Key holds no quote or backslash inside its quotes");
      }
      return new IdempotencyKey(inner);
    }
    return new IdempotencyKey(value);
  }
}
