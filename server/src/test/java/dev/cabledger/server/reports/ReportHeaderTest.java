package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportHeaderTest {
  /** A summary counted from changes at the widest a long's digits go, and without a risk level. */
  private static ReportSummary crowded() {
    ReportSummary s = new ReportSummary();
    s.change(
        PdfReportWriterTest.change(
            "CR-1",
            "high",
            List.of(
                PdfReportWriterTest.decision("user:alice", "approved", "2026-03-02T10:00:00Z"))));
    ReportedChange unrated =
        PdfReportWriterTest.change(
            "CR-2",
            "low",
            List.of(PdfReportWriterTest.decision("user:bob", "denied", "2026-03-02T11:00:00Z")));
    s.change(
        new ReportedChange(
            unrated.changeRequestId(),
            unrated.approvedBy(),
            unrated.approvedAt(),
            unrated.module(),
            unrated.client(),
            Optional.empty(),
            unrated.planHash(),
            false,
            unrated.keyId(),
            unrated.title(),
            unrated.environment(),
            unrated.requestedBy(),
            unrated.submittedAt(),
            unrated.signaturesValid(),
            unrated.entriesIncluded(),
            unrated.decisions()));
    s.checked(false, false);
    return s;
  }

  @Test
  void widest_noShorterThanTheSameSummaryCounted() {
    ReportHeader counted = PdfReportWriterTest.header(crowded(), List.of());
    ReportHeader empty = PdfReportWriterTest.header(new ReportSummary(), List.of());

    String widest = ReportJson.MAPPER.writeValueAsString(empty.widest());

    assertThat(widest.length())
        .isGreaterThanOrEqualTo(ReportJson.MAPPER.writeValueAsString(counted).length())
        .isGreaterThanOrEqualTo(ReportJson.MAPPER.writeValueAsString(empty).length());
    assertThat(widest).contains("\"unspecified\":" + Long.MAX_VALUE).contains("\"problems\":[]");
  }

  @Test
  void widest_keepsWhatTheReportIsAbout() {
    ReportHeader h = PdfReportWriterTest.header(new ReportSummary(), List.of("entry 1: bad"));

    ReportHeader w = h.widest();

    assertThat(w.reportId()).isEqualTo(h.reportId());
    assertThat(w.checkpoint()).isEqualTo(h.checkpoint());
    assertThat(w.filters()).isEqualTo(h.filters());
    assertThat(w.client()).isEqualTo(h.client());
    assertThat(w.totalChanges()).isEqualTo(Long.MAX_VALUE);
    assertThat(w.allSignaturesValid()).isFalse();
    assertThat(w.problems()).isEmpty();
  }
}
