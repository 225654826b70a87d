package dev.cabledger.core.event;

import java.util.regex.Pattern;

/**
 * A client (tenant) an event belongs to: 1 to 128 characters without control characters.
 *
 * @param value the client's name as the identity provider's {@code clients} claim spells it
 */
public record ClientId(String value) {
  private static final Pattern PRINTABLE = Pattern.compile("\\P{Cntrl}{1,128}");

  public ClientId {
    if (!PRINTABLE.matcher(value).matches() || value.isBlank()) {
      throw new IllegalArgumentException(
          "a client is 1 to 128 characters without control characters, not only spaces");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
