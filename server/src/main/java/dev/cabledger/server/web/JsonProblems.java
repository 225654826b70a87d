package dev.cabledger.server.web;

import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What is wrong with a JSON body, in words a client can act on: the member (as a path such as
 * {@code eventData.items[2]}) and position, without the service's class names.
 */
final class JsonProblems {
  private JsonProblems() {}

  static String describe(JacksonException e) {
    String where = where(e);
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown member \""
          + printable(u.getPropertyName())
          + "\""
          + where
          + "; the members are: "
          + u.getKnownPropertyIds().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.joining(", "));
    }
    if (e instanceof MismatchedInputException m) {
      Class<?> target = m.getTargetType();
      String expected =
          target == null
              ? "another type"
              : target == String.class ? "a string" : "a " + kind(target);
      return "member" + where + " must be " + expected;
    }
    if (e instanceof StreamConstraintsException) {
      return "the body nests deeper than "
          + StrictJsonConfiguration.MAX_DEPTH
          + " levels or exceeds a size limit"
          + where;
    }
    return printable(firstLine(e.getOriginalMessage())) + where;
  }

  private static String kind(Class<?> target) {
    if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
      return "number";
    }
    return "JSON value of another type";
  }

  private static String where(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(printable(ref.getPropertyName()));
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    StringBuilder where = new StringBuilder();
    if (!path.isEmpty()) {
      where.append(" \"").append(path).append('"');
    }
    TokenStreamLocation at = e.getLocation();
    if (at != null && at.getLineNr() > 0) {
      where.append(" at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
    }
    return where.toString();
  }

  private static String firstLine(String message) {
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  private static String printable(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
  }
}
