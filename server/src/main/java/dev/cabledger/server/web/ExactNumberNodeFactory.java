package dev.cabledger.server.web;

import java.io.Serial;
import java.math.BigDecimal;
import java.math.BigInteger;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ValueNode;

/**
 * Number nodes for values a double carries exactly, and a refusal for the rest. RFC 7493 §2.2: an
 * I-JSON number is an IEEE 754 double; entries are canonicalized as doubles (RFC 8785 §3.2.2.3), so
 * accepting {@code 9007199254740993} would sign {@code 9007199254740992}. A value counts as exact
 * when the shortest decimal of its nearest double is that same value ({@code 0.1} is; {@code
 * 2^53+1} and {@code 1.00000000000000001} are not).
 */
final class ExactNumberNodeFactory extends JsonNodeFactory {
  @Serial private static final long serialVersionUID = 1L;

  @Override
  public ValueNode numberNode(BigInteger value) {
    double d = exactDouble(new BigDecimal(value));
    return value.bitLength() < Long.SIZE ? numberNode(value.longValue()) : numberNode(d);
  }

  @Override
  public ValueNode numberNode(BigDecimal value) {
    return numberNode(exactDouble(value));
  }

  private static double exactDouble(BigDecimal value) {
    double d = value.doubleValue();
    if (Double.isInfinite(d) || new BigDecimal(Double.toString(d)).compareTo(value) != 0) {
      throw new StreamReadException(
          "the number "
              + abbreviated(value.toString())
              + " has no exact IEEE 754 double value (RFC 7493 §2.2); send it as a string");
    }
    return d;
  }

  private static String abbreviated(String number) {
    return number.length() > 40 ? number.substring(0, 40) + "…" : number;
  }
}
