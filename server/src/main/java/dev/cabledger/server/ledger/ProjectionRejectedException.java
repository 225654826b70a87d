package dev.cabledger.server.ledger;

/**
 * A feature's projection refused its entry (a duplicate, a constraint): that entry was not
 * appended, and the rest of its batch was committed without it. The cause is the feature's own
 * error, for the feature to map.
 */
public final class ProjectionRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ProjectionRejectedException(Throwable cause) {
    super(
        "the entry's projection failed; the entry was not appended: " + cause.getMessage(), cause);
  }
}
