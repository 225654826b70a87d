package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportSummaryTest {

  @Test
  void add_problemsBeyondTheCap_theFirstNamedInOrderTheRestCounted() {
    ReportSummary report = new ReportSummary();
    for (int i = 0; i < ReportSummary.MAX_PROBLEMS - 1; i++) {
      report.problem("earlier " + i);
    }
    ReportSummary page = new ReportSummary();
    page.problem("page 0");
    page.problem("page 1");
    page.problem("page 2");

    report.add(page);

    assertThat(report.problems())
        .hasSize(ReportSummary.MAX_PROBLEMS + 1)
        .endsWith("page 0", "2 more problems were left out");
  }

  @Test
  void add_aPageThatLeftProblemsOut_countsThemToo() {
    ReportSummary page = new ReportSummary();
    for (int i = 0; i < ReportSummary.MAX_PROBLEMS + 5; i++) {
      page.problem("page " + i);
    }
    ReportSummary report = new ReportSummary();
    report.problem("earlier");

    report.add(page);

    assertThat(report.problems())
        .startsWith("earlier", "page 0")
        .endsWith("page 998", "6 more problems were left out");
  }

  @Test
  void add_anEmptyPage_changesNothing() {
    ReportSummary report = new ReportSummary();
    report.checked(true, true);

    report.add(new ReportSummary());

    assertThat(report.entriesVerified()).isEqualTo(1);
    assertThat(report.allSignaturesValid()).isTrue();
    assertThat(report.allEntriesIncluded()).isTrue();
    assertThat(report.allSignaturesPresent()).isTrue();
    assertThat(report.problems()).isEmpty();
    assertThat(report.byRiskLevel().values()).containsOnly(0L);
  }
}
