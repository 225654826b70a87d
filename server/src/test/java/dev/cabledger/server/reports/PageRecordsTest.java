package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageRecordsTest {
  private static final String PLAN = "ab".repeat(32);

  /** A sink that lists what it was given, in order. */
  private static final class Listing implements ReportSink {
    final List<Object> written = new ArrayList<>();

    @Override
    public boolean wantsSections() {
      return true;
    }

    @Override
    public void change(ReportedChange change) {
      written.add(change);
    }

    @Override
    public void exception(ReportedException exception) {
      written.add(exception);
    }

    @Override
    public void ended(EndedApproval ended) {
      written.add(ended);
    }

    @Override
    public void blockedGate(BlockedGateAnswer answer) {
      written.add(answer);
    }

    @Override
    public void override(ReportedOverride override) {
      written.add(override);
    }

    @Override
    public void emergency(ReportedEmergency emergency) {
      written.add("emergency");
      written.add(emergency);
    }

    @Override
    public void overdueReview(ReportedEmergency emergency) {
      written.add("overdue");
      written.add(emergency);
    }
  }

  private static ReportedChange change(String id, Optional<String> risk, boolean signed) {
    return new ReportedChange(
        id,
        Optional.of("alice"),
        Optional.of("2026-11-26T09:00:00Z"),
        Optional.empty(),
        "acme",
        risk,
        PLAN,
        signed,
        Optional.of("service-key"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        true,
        true,
        List.of(
            PdfReportWriterTest.decision("alice", "approved", "2026-11-26T09:00:00Z"),
            PdfReportWriterTest.decision("bob", "conditional", "2026-11-26T09:30:00Z")));
  }

  private static ReportedEmergency emergency() {
    return new ReportedEmergency(
        "CR-3",
        "acme",
        Optional.empty(),
        Optional.empty(),
        PLAN,
        "bob",
        "PLATFORM_ADMIN",
        "2026-11-20T09:00:00Z",
        "2026-11-23T09:00:00Z",
        Optional.empty(),
        Optional.empty(),
        "overdue",
        9,
        true,
        true);
  }

  @Test
  void writeTo_everyRecordInTheOrderMade_thenNothingMoreOnASecondSink() {
    PageRecords page = new PageRecords(true);
    ReportedChange first = change("CR-1", Optional.of("high"), true);
    ReportedException exception =
        new ReportedException(
            "exception-1",
            "CR-1",
            "acme",
            "POLICY",
            PLAN,
            "carol",
            "2026-11-26T08:00:00Z",
            "because",
            List.of(),
            4,
            true,
            true,
            List.of(PdfReportWriterTest.decision("carol", "approved", "2026-11-26T08:30:00Z")));
    EndedApproval ended =
        new EndedApproval(
            "approval-1",
            "CR-1",
            "acme",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "revoked",
            "2026-11-26T10:00:00Z",
            Optional.of("dave"),
            Optional.empty(),
            Optional.empty(),
            6,
            true,
            true);
    BlockedGateAnswer blocked =
        new BlockedGateAnswer(
            "CR-2",
            "acme",
            PLAN,
            "production",
            "2026-11-26T11:00:00Z",
            "pipeline",
            List.of("no approval"),
            7,
            true,
            true);
    ReportedOverride override =
        new ReportedOverride(
            "CR-2", "acme", PLAN, "erin", "2026-11-26T12:00:00Z", "outage", 8, true, true);
    ReportedEmergency emergency = emergency();
    ReportedChange second = change("CR-2", Optional.empty(), false);

    page.change(first);
    page.exception(exception);
    page.ended(ended);
    page.blockedGate(blocked);
    page.override(override);
    page.emergency(emergency);
    page.overdueReview(emergency);
    page.change(second);
    Listing sink = new Listing();
    page.writeTo(sink, new ReportSummary());

    assertThat(page.wantsSections()).isTrue();
    assertThat(new PageRecords(false).wantsSections()).isFalse();
    assertThat(sink.written)
        .containsExactly(
            first,
            exception,
            ended,
            blocked,
            override,
            "emergency",
            emergency,
            "overdue",
            emergency,
            second);
  }

  @Test
  void writeTo_pagesOneAfterTheOther_sameSummaryAsCountedDirectly() {
    ReportSummary direct = new ReportSummary();
    ReportSummary added = new ReportSummary();
    PageRecords first = new PageRecords(true);
    PageRecords second = new PageRecords(true);
    for (ReportSummary s : List.of(direct, first.summary())) {
      s.change(change("CR-1", Optional.of("high"), true));
      s.checked(true, true);
      s.problem("entry 4: first");
      s.override();
    }
    for (ReportSummary s : List.of(direct, second.summary())) {
      s.change(change("CR-2", Optional.empty(), false));
      s.change(change("CR-3", Optional.of("weird"), true));
      s.checked(false, true);
      s.checked(true, false);
      s.problem("entry 9: second");
      s.emergency();
      s.overdueReview();
    }

    first.writeTo(new Listing(), added);
    second.writeTo(new Listing(), added);

    assertThat(added.totalChanges()).isEqualTo(direct.totalChanges()).isEqualTo(3);
    assertThat(added.totalDecisions()).isEqualTo(direct.totalDecisions()).isEqualTo(6);
    assertThat(added.entriesVerified()).isEqualTo(direct.entriesVerified()).isEqualTo(3);
    assertThat(added.totalOverrides()).isEqualTo(1);
    assertThat(added.totalEmergencyChanges()).isEqualTo(1);
    assertThat(added.totalOverdueReviews()).isEqualTo(1);
    assertThat(added.byRiskLevel())
        .containsExactlyEntriesOf(direct.byRiskLevel())
        .containsEntry("high", 1L)
        .containsEntry(ReportSummary.UNSPECIFIED, 1L)
        .containsEntry("weird", 1L);
    assertThat(added.allSignaturesPresent()).isFalse();
    assertThat(added.allSignaturesValid()).isFalse();
    assertThat(added.allEntriesIncluded()).isFalse();
    assertThat(added.problems()).containsExactly("entry 4: first", "entry 9: second");
  }
}
