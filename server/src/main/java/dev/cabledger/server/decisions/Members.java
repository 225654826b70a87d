package dev.cabledger.server.decisions;

import dev.cabledger.core.Digest;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads the members of the decision bodies; each refusal names the member (400). */
final class Members {
  private static final Pattern PLAN_HASH = Pattern.compile("[0-9a-f]{64}");

  private Members() {}

  /** A required text that is not blank. */
  static String required(@Nullable String value, String name, String what) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(name + " is required: " + what);
    }
    return value;
  }

  /** A list of texts, none blank; absent is empty. */
  static List<String> texts(@Nullable List<String> values, String name) {
    if (values == null) {
      return List.of();
    }
    for (String v : values) {
      if (v == null || v.isBlank()) {
        throw new InvalidInputException(name + " holds an empty value");
      }
    }
    return List.copyOf(values);
  }

  /**
   * An RFC 3339 time with an offset, at most to the millisecond: a time that is signed, as the log
   * writes times (rounding it would sign another time than the one asked for).
   */
  static Optional<Instant> time(@Nullable String value, String name) {
    Optional<Instant> at = moment(value, name);
    if (at.isPresent() && at.get().getNano() % 1_000_000 != 0) {
      throw new InvalidInputException(name + " is precise to the millisecond at most");
    }
    return at;
  }

  /** An RFC 3339 time with an offset, as precise as given: a query's bound. */
  static Optional<Instant> moment(@Nullable String value, String name) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          name + " must be an RFC 3339 time like 2026-04-01T14:30:00Z, not \"" + value + "\"");
    }
  }

  /** An id in the one spelling the log writes: a lower-case UUID. */
  static Optional<UUID> uuid(@Nullable String value, String name) {
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(id(value, name));
  }

  static UUID id(String value, String name) {
    try {
      UUID id = UUID.fromString(value);
      if (id.toString().equals(value)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new InvalidInputException(
        name + " must be an id like 0b5f6c1e-4f1a-4c2e-9d57-0c3e8f6e2a11 (lower case)");
  }

  /** A plan hash: SHA-256 as 64 lower-case hex digits. */
  static Optional<Digest> planHash(@Nullable String value, String name) {
    if (value == null) {
      return Optional.empty();
    }
    if (!PLAN_HASH.matcher(value).matches()) {
      throw new InvalidInputException(
          name + " must be the SHA-256 of the plan file as 64 lower-case hex digits");
    }
    return Optional.of(Digest.fromHex(value));
  }

  /** A time as the log writes it: to the millisecond. */
  static Instant millis(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS);
  }
}
