package dev.cabledger.server.reports;

/** How far a report has got, for a progress bar: a share of the period's log range. */
@FunctionalInterface
public interface ReportProgress {
  /** No progress shown. */
  ReportProgress NONE = (done, total, decisions) -> {};

  /**
   * Called after each page of the scan.
   *
   * @param done the entries of the period's range scanned so far (for each pass over it)
   * @param total the entries to scan in all
   * @param decisions the decisions reported so far
   */
  void at(long done, long total, long decisions);
}
