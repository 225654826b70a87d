package dev.cabledger.core.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.freeze.FreezeWindow.Interval;
import dev.cabledger.core.freeze.FreezeWindow.OneOff;
import dev.cabledger.core.freeze.FreezeWindow.Recurring;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FreezeWindowTest {
  private static final Instant START = Instant.parse("2026-12-20T00:00:00Z");
  private static final Instant END = Instant.parse("2027-01-04T08:00:00Z");

  private static Instant t(String text) {
    return Instant.parse(text);
  }

  private static Interval window(String start, String end) {
    return new Interval(t(start), t(end));
  }

  @Test
  void oneOff_coversFromItsStartUntilBeforeItsEnd() {
    OneOff freeze = new OneOff(START, END);

    assertThat(freeze.covers(START.minusMillis(1))).isFalse();
    assertThat(freeze.covers(START)).isTrue();
    assertThat(freeze.covers(END.minusMillis(1))).isTrue();
    assertThat(freeze.covers(END)).isFalse();
    assertThat(freeze.covering(START.plusSeconds(5))).contains(new Interval(START, END));
  }

  @Test
  void oneOff_firstOverlapping_needsARangeThatMeetsIt() {
    OneOff freeze = new OneOff(START, END);

    assertThat(freeze.firstOverlapping(START.minusSeconds(60), START)).isEmpty();
    assertThat(freeze.firstOverlapping(START.minusSeconds(60), START.plusMillis(1)))
        .contains(new Interval(START, END));
    assertThat(freeze.firstOverlapping(END.minusMillis(1), END.plusSeconds(60)))
        .contains(new Interval(START, END));
    assertThat(freeze.firstOverlapping(END, END.plusSeconds(60))).isEmpty();
  }

  @Test
  void oneOff_endNotAfterStart_isRefused() {
    assertThatThrownBy(() -> new OneOff(START, START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a freeze's end must be after its start");
  }

  @Test
  void recurring_weekendFreeze_coversFridayEveningToMondayMorning() {
    // Friday 18:00 Berlin (CET, +01:00) for 2 days 14 hours: until Monday 08:00.
    Recurring weekend = Recurring.of("0 18 * * fri", "P2DT14H", "Europe/Berlin");

    assertThat(weekend.covers(t("2026-12-04T16:59:59Z"))).isFalse();
    assertThat(weekend.covering(t("2026-12-05T12:00:00Z")))
        .contains(window("2026-12-04T17:00:00Z", "2026-12-07T07:00:00Z"));
    assertThat(weekend.covers(t("2026-12-07T06:59:59Z"))).isTrue();
    assertThat(weekend.covers(t("2026-12-07T07:00:00Z"))).isFalse();
  }

  @Test
  void recurring_firstOverlapping_findsTheNextWindowOrTheOneUnderway() {
    Recurring weekend = Recurring.of("0 18 * * 5", "P2DT14H", "Europe/Berlin");

    assertThat(weekend.firstOverlapping(t("2026-12-01T00:00:00Z"), t("2026-12-08T00:00:00Z")))
        .contains(window("2026-12-04T17:00:00Z", "2026-12-07T07:00:00Z"));
    assertThat(weekend.firstOverlapping(t("2026-12-06T00:00:00Z"), t("2026-12-06T00:00:01Z")))
        .contains(window("2026-12-04T17:00:00Z", "2026-12-07T07:00:00Z"));
    assertThat(weekend.firstOverlapping(t("2026-12-07T07:00:00Z"), t("2026-12-11T17:00:00Z")))
        .isEmpty();
  }

  @Test
  void recurring_springForward_skippedStartBeginsAtTheJump() {
    // Europe/Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00Z); 02:30 never happens.
    Recurring nightly = Recurring.of("30 2 * * *", "PT1H", "Europe/Berlin");

    assertThat(nightly.covering(t("2026-03-28T01:45:00Z")))
        .contains(window("2026-03-28T01:30:00Z", "2026-03-28T02:30:00Z"));
    assertThat(nightly.covers(t("2026-03-29T00:59:59Z"))).isFalse();
    assertThat(nightly.covering(t("2026-03-29T01:00:00Z")))
        .contains(window("2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"));
    assertThat(nightly.covers(t("2026-03-29T02:00:00Z"))).isFalse();
    assertThat(nightly.covering(t("2026-03-30T00:45:00Z")))
        .contains(window("2026-03-30T00:30:00Z", "2026-03-30T01:30:00Z"));
  }

  @Test
  void recurring_fallBack_fixedStartHappensOnceAtItsFirstOccurrence() {
    // Europe/Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00Z); 02:30 happens twice.
    Recurring nightly = Recurring.of("30 2 * * *", "PT20M", "Europe/Berlin");

    assertThat(nightly.covering(t("2026-10-25T00:40:00Z")))
        .contains(window("2026-10-25T00:30:00Z", "2026-10-25T00:50:00Z"));
    assertThat(nightly.covers(t("2026-10-25T01:40:00Z"))).isFalse();
    assertThat(nightly.firstOverlapping(t("2026-10-25T00:50:00Z"), t("2026-10-26T12:00:00Z")))
        .contains(window("2026-10-26T01:30:00Z", "2026-10-26T01:50:00Z"));
  }

  @Test
  void recurring_fallBack_wildcardStartHappensAtBothOccurrences() {
    // Every half hour in the 02:00 hour, as the clock reads: the repeated hour counts twice.
    Recurring halfHourly = Recurring.of("*/30 2 * * *", "PT10M", "Europe/Berlin");

    assertThat(halfHourly.covering(t("2026-10-25T00:35:00Z")))
        .contains(window("2026-10-25T00:30:00Z", "2026-10-25T00:40:00Z"));
    assertThat(halfHourly.covering(t("2026-10-25T01:05:00Z")))
        .contains(window("2026-10-25T01:00:00Z", "2026-10-25T01:10:00Z"));
    assertThat(halfHourly.covering(t("2026-10-25T01:35:00Z")))
        .contains(window("2026-10-25T01:30:00Z", "2026-10-25T01:40:00Z"));
    assertThat(halfHourly.covers(t("2026-10-25T01:45:00Z"))).isFalse();
    // The starts come out of local order around the repeated hour, yet in time order here.
    assertThat(halfHourly.firstOverlapping(t("2026-10-25T00:00:00Z"), t("2026-10-26T00:00:00Z")))
        .contains(window("2026-10-25T00:00:00Z", "2026-10-25T00:10:00Z"));
    assertThat(halfHourly.firstOverlapping(t("2026-10-25T00:40:00Z"), t("2026-10-26T00:00:00Z")))
        .contains(window("2026-10-25T01:00:00Z", "2026-10-25T01:10:00Z"));
  }

  @Test
  void recurring_newYork_ambiguousHalfPastOneStartsAtItsFirstOccurrence() {
    // America/New_York, 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00Z); 01:30 happens twice.
    Recurring nightly = Recurring.of("30 1 * * *", "PT1H", "America/New_York");

    assertThat(nightly.covering(t("2026-11-01T06:15:00Z")))
        .contains(window("2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"));
    assertThat(nightly.covers(t("2026-11-01T06:45:00Z"))).isFalse();
    // 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00Z); 02:30 starts at the jump.
    Recurring skipped = Recurring.of("30 2 * * *", "PT1H", "America/New_York");
    assertThat(skipped.covering(t("2026-03-08T07:30:00Z")))
        .contains(window("2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z"));
  }

  @Test
  void recurring_aSkippedDay_startsItsWindowAtTheJump() {
    // Pacific/Apia skipped 2011-12-30 altogether: 29 December 24:00 (-10:00) became 31 December.
    Recurring noon = Recurring.of("0 12 30 12 *", "PT1H", "Pacific/Apia");

    assertThat(noon.covering(t("2011-12-30T10:30:00Z")))
        .contains(window("2011-12-30T10:00:00Z", "2011-12-30T11:00:00Z"));
  }

  @Test
  void recurring_windowsLongerThanTheirPeriod_coverAlways() {
    Recurring hourly = Recurring.of("0 * * * *", "PT2H", "UTC");

    assertThat(hourly.covering(t("2026-05-01T10:30:00Z")))
        .contains(window("2026-05-01T09:00:00Z", "2026-05-01T11:00:00Z"));
  }

  @Test
  void recurring_length_isTheDurationInElapsedTime() {
    assertThat(Recurring.of("0 0 * * *", "P1D", "UTC").length()).isEqualTo(Duration.ofDays(1));
    assertThat(Recurring.of("0 0 * * *", "PT90M", "UTC").length())
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(Recurring.of("0 0 * * *", "P366D", "UTC").length()).isEqualTo(Duration.ofDays(366));
    assertThat(Recurring.of("0 0 * * *", "P2DT12H30M15S", "UTC").length())
        .isEqualTo(Duration.parse("P2DT12H30M15S"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "P", "PT", "P1DT", "P1M", "P1Y", "P1W", "-PT1H", "PT-1H", "pt1h", "PT1.5H", "PT0.5S",
        "PT0S", "P0D", "P367D", "PT8785H", "1H", " PT1H"
      })
  void recurring_badDuration_isRefused(String duration) {
    assertThatThrownBy(() -> Recurring.of("0 0 * * *", duration, "UTC"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duration \"" + duration + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mars/Olympus", "europe/berlin", "+02:00", "Z", "CET+1", "", "UTC+2"})
  void recurring_unknownZone_isRefused(String zone) {
    assertThatThrownBy(() -> Recurring.of("0 0 * * *", "PT1H", zone))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an IANA time zone id");
  }

  @Test
  void recurring_offsetZone_isRefusedWhenBuiltDirectly() {
    assertThatThrownBy(
            () -> new Recurring(CronExpression.parse("0 0 * * *"), "PT1H", ZoneId.of("+02:00")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time_zone \"+02:00\" is not an IANA time zone id");
  }

  @Test
  void interval_endNotAfterStart_isRefused() {
    assertThatThrownBy(() -> new Interval(START, START))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
