package dev.cabledger.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The one spelling of a time in the formats (docs/formats.md §2): an RFC 3339 §5.6 date-time in UTC
 * ("Z") with no fraction or exactly three fraction digits, as {@link Instant#toString} writes it:
 * {@code 2026-04-01T14:30:00Z}, {@code 2026-04-01T14:30:00.250Z}, never {@code .000}.
 *
 * <p>Read field by field rather than with {@link Instant#parse}, whose formatter was a third of the
 * time a report spent parsing an event; {@code UtcTimeTest} holds the two to the same answers.
 */
public final class UtcTime {
  private UtcTime() {}

  /** The instant {@code text} spells, if it is in the one spelling; empty if it is not. */
  public static Optional<Instant> parse(String text) {
    if (!Chars.utcTimeShape(text)) {
      return Optional.empty();
    }
    int millis = text.length() == 24 ? digits(text, 20, 3) : 0;
    if (text.length() == 24 && millis == 0) {
      return Optional.empty(); // Instant.toString leaves out a zero fraction
    }
    try {
      LocalDateTime at =
          LocalDateTime.of(
              digits(text, 0, 4),
              digits(text, 5, 2),
              digits(text, 8, 2),
              digits(text, 11, 2),
              digits(text, 14, 2),
              digits(text, 17, 2),
              millis * 1_000_000);
      return Optional.of(at.toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return Optional.empty(); // a day, hour, minute or second out of range
    }
  }

  /**
   * The instant of a time the service stored itself ({@link Instant#toString} of any instant): the
   * one spelling read as {@link #parse} reads it, anything else by {@link Instant#parse}. For rows
   * read on a hot path (the key registry's, on every gate call), whose times are nearly always in
   * the one spelling.
   *
   * @throws java.time.format.DateTimeParseException if {@code text} is no instant at all
   */
  public static Instant read(String text) {
    Optional<Instant> fast = parse(text);
    return fast.isPresent() ? fast.get() : Instant.parse(text);
  }

  /** The decimal number of {@code count} ASCII digits at {@code from} (the shape was checked). */
  private static int digits(String text, int from, int count) {
    int n = 0;
    for (int i = from; i < from + count; i++) {
      n = n * 10 + (text.charAt(i) - '0');
    }
    return n;
  }
}
