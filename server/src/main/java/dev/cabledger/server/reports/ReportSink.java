package dev.cabledger.server.reports;

/**
 * Where a scan of the period puts what it found, one record at a time, so that no writer holds the
 * period: a change with its decisions, and the sections beside them.
 */
interface ReportSink {
  /** A change with its decisions of the period. */
  void change(ReportedChange change);

  /** Whether the sink writes the sections beyond the changes; the scan skips them when not. */
  boolean wantsSections();

  /** A security exception requested or decided in the period. */
  default void exception(ReportedException exception) {}

  /** An approval revoked or expired in the period. */
  default void ended(EndedApproval ended) {}

  /** A BLOCKED gate answer of the period. */
  default void blockedGate(BlockedGateAnswer answer) {}

  /** A policy override of the period. */
  default void override(ReportedOverride override) {}

  /** An emergency change approved in the period. */
  default void emergency(ReportedEmergency emergency) {}

  /** An emergency change whose review fell due in the period and was not made by then. */
  default void overdueReview(ReportedEmergency emergency) {}
}
