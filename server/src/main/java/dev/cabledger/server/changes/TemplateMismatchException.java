package dev.cabledger.server.changes;

/**
 * A standard change that no approved template covers: the template is unknown, not yet approved by
 * the CAB, or for another module, environment or a lower risk. Refused at intake (422), nothing
 * written: submit it as a normal change, or against the right template.
 */
public final class TemplateMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TemplateMismatchException(String message) {
    super(message);
  }
}
