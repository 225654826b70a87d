package dev.cabledger.server.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A page's part of a report, made on the pool thread that checked the page and written later, in
 * page order, by the scan's thread ({@link #writeTo}): the records for the sink, in the order they
 * were made, and what the page adds to the summary.
 *
 * <p>Why a page is made into its records before it waits its turn: the records are a few hundred
 * bytes a decision, the entries they come from several kilobytes (bytes, signatures, payload), and
 * the heap holds, and every young collection copies, whatever a waiting page still holds.
 */
final class PageRecords implements ReportSink {
  private final boolean wantsSections;
  private final ReportSummary summary = new ReportSummary();
  private final List<Consumer<ReportSink>> records = new ArrayList<>();

  /**
   * @param wantsSections whether the sink the records are for wants the sections' records
   */
  PageRecords(boolean wantsSections) {
    this.wantsSections = wantsSections;
  }

  /** What the page adds to the report's summary: fill it as the records are made. */
  ReportSummary summary() {
    return summary;
  }

  /** Writes the page's records to the sink, in the order they were made, and adds its summary. */
  void writeTo(ReportSink sink, ReportSummary into) {
    records.forEach(r -> r.accept(sink));
    into.add(summary);
  }

  @Override
  public boolean wantsSections() {
    return wantsSections;
  }

  @Override
  public void change(ReportedChange change) {
    records.add(s -> s.change(change));
  }

  @Override
  public void exception(ReportedException exception) {
    records.add(s -> s.exception(exception));
  }

  @Override
  public void ended(EndedApproval ended) {
    records.add(s -> s.ended(ended));
  }

  @Override
  public void blockedGate(BlockedGateAnswer answer) {
    records.add(s -> s.blockedGate(answer));
  }

  @Override
  public void override(ReportedOverride override) {
    records.add(s -> s.override(override));
  }

  @Override
  public void emergency(ReportedEmergency emergency) {
    records.add(s -> s.emergency(emergency));
  }

  @Override
  public void overdueReview(ReportedEmergency emergency) {
    records.add(s -> s.overdueReview(emergency));
  }
}
