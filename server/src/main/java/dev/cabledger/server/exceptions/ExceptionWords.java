package dev.cabledger.server.exceptions;

import dev.cabledger.core.event.EventLimits;
import dev.cabledger.core.event.ExceptionType;
import dev.cabledger.server.workflow.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The checks the two exception bodies and the path share, with messages naming the member. */
final class ExceptionWords {
  static final String TYPES =
      Arrays.stream(ExceptionType.values())
          .map(ExceptionType::json)
          .collect(Collectors.joining(", "));

  private ExceptionWords() {}

  /** The one value given under either spelling of a member; both at once is refused. */
  static <T> @Nullable T oneOf(
      @Nullable T camel, @Nullable T snake, String camelName, String snakeName) {
    if (camel != null && snake != null) {
      throw new InvalidInputException(
          camelName + " and " + snakeName + " are one member; give it once");
    }
    return camel != null ? camel : snake;
  }

  /** An exception type as the audit schema writes it: lower case only. */
  static ExceptionType type(String word, String member) {
    for (ExceptionType t : ExceptionType.values()) {
      if (t.json().equals(word)) {
        return t;
      }
    }
    throw new InvalidInputException(member + " must be one of " + TYPES + ", not \"" + word + "\"");
  }

  /** A list of non-blank texts within the event limits; absent is empty. */
  static List<String> texts(@Nullable List<String> values, String member) {
    if (values == null) {
      return List.of();
    }
    if (values.size() > EventLimits.MAX_MEMBERS) {
      throw new InvalidInputException(
          member + " has " + values.size() + " items; at most " + EventLimits.MAX_MEMBERS);
    }
    for (String v : values) {
      if (v == null || v.isBlank()) {
        throw new InvalidInputException(member + " holds an empty value");
      }
      if (v.length() > EventLimits.MAX_STRING_LENGTH) {
        throw new InvalidInputException(
            member + " holds a value longer than " + EventLimits.MAX_STRING_LENGTH + " characters");
      }
    }
    return List.copyOf(values);
  }

  /** An exception id from the path: a UUID in its canonical (lower-case) form. */
  static UUID exceptionId(String text) {
    try {
      UUID id = UUID.fromString(text);
      if (id.toString().equals(text)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // Said below, in the API's words.
    }
    throw new InvalidInputException(
        "the exception id must be a UUID in lower case, as POST /api/exceptions answered it");
  }
}
