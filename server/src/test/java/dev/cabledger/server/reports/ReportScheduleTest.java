package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportScheduleTest {

  private static ReportScheduleProperties.Schedule settings(String name, String cron, String zone) {
    return new ReportScheduleProperties.Schedule(
        name,
        cron,
        zone,
        "json",
        Optional.of("acme"),
        Optional.of("7"),
        Optional.empty(),
        Optional.empty(),
        "reports/acme");
  }

  @Test
  void latestSlot_dailyInBerlin_isTheLastSixOClockThereAtOrBeforeNow() {
    ReportSchedule daily = ReportSchedule.of(settings("daily", "0 6 * * *", "Europe/Berlin"));

    assertThat(daily.latestSlot(Instant.parse("2026-11-26T05:00:00Z")))
        .contains(Instant.parse("2026-11-26T05:00:00Z")); // 06:00 CET, at the slot itself
    assertThat(daily.latestSlot(Instant.parse("2026-11-26T04:59:59Z")))
        .contains(Instant.parse("2026-11-25T05:00:00Z"));
    assertThat(daily.latestSlot(Instant.parse("2026-07-01T12:00:00Z")))
        .contains(Instant.parse("2026-07-01T04:00:00Z")); // 06:00 CEST
  }

  @Test
  void latestSlot_quarterly_looksBackMonths() {
    ReportSchedule quarterly = ReportSchedule.of(settings("quarterly", "0 6 1 1,4,7,10 *", "UTC"));

    assertThat(quarterly.latestSlot(Instant.parse("2026-11-26T09:00:00Z")))
        .contains(Instant.parse("2026-10-01T06:00:00Z"));
  }

  @Test
  void latestSlot_timeTheClockSkips_madeOnceTheClockHasPassedIt() {
    // 02:30 does not exist in Berlin on 2026-03-29 (clocks go from 02:00 to 03:00).
    ReportSchedule night = ReportSchedule.of(settings("night", "30 2 * * *", "Europe/Berlin"));

    // It is made at 03:30 CEST, the time it shifts to, and not before.
    assertThat(night.latestSlot(Instant.parse("2026-03-29T01:10:00Z"))).isEmpty(); // 03:10 CEST
    assertThat(night.latestSlot(Instant.parse("2026-03-29T01:31:00Z")))
        .contains(Instant.parse("2026-03-29T01:30:00Z"));
  }

  @Test
  void query_daysCountBackFromTheSlot_andTheFileNamesTheSlotInUtc() {
    ReportSchedule daily = ReportSchedule.of(settings("acme.daily", "0 6 * * *", "Europe/Berlin"));
    Instant slot = Instant.parse("2026-11-26T05:00:00Z");

    ReportQuery query = daily.query(slot);

    assertThat(query.to()).isEqualTo(slot);
    assertThat(query.from()).isEqualTo(Instant.parse("2026-11-19T05:00:00Z"));
    assertThat(query.client().orElseThrow().value()).isEqualTo("acme");
    assertThat(daily.file(slot, query.format()))
        .isEqualTo(Path.of("reports/acme/acme.daily-20261126T0500Z.json"));
  }

  @Test
  void of_badSettings_refusedNamingTheSchedule() {
    assertThatThrownBy(() -> ReportSchedule.of(settings("../etc", "0 6 * * *", "UTC")))
        .hasMessageContaining("name");
    assertThatThrownBy(() -> ReportSchedule.of(settings("daily", "0 6 * *", "UTC")))
        .hasMessageContaining("cab.reports.schedules \"daily\"")
        .hasMessageContaining("5 fields");
    assertThatThrownBy(() -> ReportSchedule.of(settings("daily", "0 6 * * *", "Mars/Olympus")))
        .hasMessageContaining("cab.reports.schedules \"daily\"");
    assertThatThrownBy(
            () ->
                ReportSchedule.of(
                    new ReportScheduleProperties.Schedule(
                        "daily",
                        "0 6 * * *",
                        "UTC",
                        "xml",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "reports")))
        .hasMessageContaining("cab.reports.schedules \"daily\"")
        .hasMessageContaining("format");
  }
}
