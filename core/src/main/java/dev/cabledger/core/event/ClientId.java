package dev.cabledger.core.event;

import dev.cabledger.core.Chars;

/**
 * A client (tenant) an event belongs to: 1 to 128 characters without control characters.
 *
 * @param value the client's name as the identity provider's {@code clients} claim spells it
 */
public record ClientId(String value) {
  public ClientId {
    if (!Chars.printable(value, 128) || value.isBlank()) {
      throw new IllegalArgumentException(
          "a client is 1 to 128 characters without control characters, not only spaces");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
