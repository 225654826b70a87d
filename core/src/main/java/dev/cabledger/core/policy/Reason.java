package dev.cabledger.core.policy;

/**
 * One reason a change may not be applied, with words a person can act on.
 *
 * @param code what kind of reason
 * @param text what exactly, naming the approval, person or value concerned
 */
public record Reason(ReasonCode code, String text) {
  public Reason {
    if (text.isBlank()) {
      throw new IllegalArgumentException("a reason needs words");
    }
  }

  /** As written in a {@code GATE_EVALUATED} entry's {@code reasons}: {@code code: text}. */
  @Override
  public String toString() {
    return code.code() + ": " + text;
  }
}
