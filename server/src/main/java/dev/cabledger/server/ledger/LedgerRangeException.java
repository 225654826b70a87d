package dev.cabledger.server.ledger;

/** A request named an index, size or range the log does not have (or that makes no sense). */
public final class LedgerRangeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Whether the request was well-formed but names something beyond the log (404), not bad (400).
   */
  private final boolean beyondLog;

  private LedgerRangeException(String message, boolean beyondLog) {
    super(message);
    this.beyondLog = beyondLog;
  }

  /** The request is malformed: a negative index, an empty or reversed range. */
  public static LedgerRangeException invalid(String message) {
    return new LedgerRangeException(message, false);
  }

  /** The request is well-formed but the log is not that large (yet). */
  public static LedgerRangeException beyondLog(String message) {
    return new LedgerRangeException(message, true);
  }

  /** True when the log is merely smaller than asked (404), false when the request is bad (400). */
  public boolean isBeyondLog() {
    return beyondLog;
  }
}
