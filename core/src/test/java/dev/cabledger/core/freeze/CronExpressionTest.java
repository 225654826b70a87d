package dev.cabledger.core.freeze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronExpressionTest {
  /** A Saturday. */
  private static final LocalDateTime SATURDAY = LocalDateTime.parse("2026-03-28T12:00");

  private static List<String> next(String cron, LocalDateTime after, int n) {
    CronExpression expression = CronExpression.parse(cron);
    List<String> out = new ArrayList<>();
    LocalDateTime t = after;
    for (int i = 0; i < n; i++) {
      t = expression.next(t).orElseThrow();
      out.add(t.toString());
    }
    return out;
  }

  @Test
  void next_everyMinute_isTheNextWholeMinute() {
    assertThat(next("* * * * *", LocalDateTime.parse("2026-03-28T12:00:30"), 2))
        .containsExactly("2026-03-28T12:01", "2026-03-28T12:02");
  }

  @Test
  void next_isStrictlyAfter() {
    assertThat(next("0 12 * * *", SATURDAY, 1)).containsExactly("2026-03-29T12:00");
  }

  @Test
  void next_stepsAndRangesAndLists() {
    assertThat(next("5-10/2,30 9 * * *", SATURDAY, 5))
        .containsExactly(
            "2026-03-29T09:05",
            "2026-03-29T09:07",
            "2026-03-29T09:09",
            "2026-03-29T09:30",
            "2026-03-30T09:05");
    assertThat(next("*/20 * * * *", SATURDAY, 3))
        .containsExactly("2026-03-28T12:20", "2026-03-28T12:40", "2026-03-28T13:00");
  }

  @Test
  void next_bothDayFieldsRestricted_matchesEither() {
    // crontab(5): "30 4 1,15 * 5" runs on the 1st and the 15th and on every Friday.
    assertThat(next("30 4 1,15 * 5", SATURDAY, 4))
        .containsExactly(
            "2026-04-01T04:30", "2026-04-03T04:30", "2026-04-10T04:30", "2026-04-15T04:30");
  }

  @Test
  void next_aDayFieldBeginningWithStar_requiresBoth() {
    // Vixie cron tests the first character: */2 counts as *, so odd days that are Mondays.
    assertThat(next("0 0 */2 * 1", SATURDAY, 3))
        .containsExactly("2026-04-13T00:00", "2026-04-27T00:00", "2026-05-11T00:00");
    assertThat(next("0 9 * * 1", SATURDAY, 1)).containsExactly("2026-03-30T09:00");
  }

  @Test
  void next_sundayIsZeroOrSeven_andNamesInAnyCase() {
    assertThat(next("0 0 * * 0", SATURDAY, 1)).containsExactly("2026-03-29T00:00");
    assertThat(next("0 0 * * 7", SATURDAY, 1)).containsExactly("2026-03-29T00:00");
    assertThat(next("0 0 * * SUN", SATURDAY, 1)).containsExactly("2026-03-29T00:00");
    assertThat(next("0 0 * * fri-sun", SATURDAY, 3))
        .containsExactly("2026-03-29T00:00", "2026-04-03T00:00", "2026-04-04T00:00");
    assertThat(next("0 0 * * 5-7", SATURDAY, 2))
        .containsExactly("2026-03-29T00:00", "2026-04-03T00:00");
    assertThat(next("0 12 * * Mon-Fri/2", SATURDAY, 3))
        .containsExactly("2026-03-30T12:00", "2026-04-01T12:00", "2026-04-03T12:00");
  }

  @Test
  void next_monthNamesAndYearRollover() {
    assertThat(next("59 23 31 dec *", SATURDAY, 2))
        .containsExactly("2026-12-31T23:59", "2027-12-31T23:59");
    assertThat(next("0 0 1 JAN-mar *", SATURDAY, 2))
        .containsExactly("2027-01-01T00:00", "2027-02-01T00:00");
  }

  @Test
  void next_februaryTheTwentyNinth_waitsForALeapYear() {
    assertThat(next("0 0 29 2 *", SATURDAY, 2))
        .containsExactly("2028-02-29T00:00", "2032-02-29T00:00");
    // 2100 is not a leap year.
    assertThat(next("0 0 29 2 *", LocalDateTime.parse("2097-01-01T00:00"), 1))
        .containsExactly("2104-02-29T00:00");
  }

  @Test
  void next_aDayThatSomeMonthsLack_skipsThem() {
    assertThat(next("0 0 31 * *", SATURDAY, 3))
        .containsExactly("2026-03-31T00:00", "2026-05-31T00:00", "2026-07-31T00:00");
  }

  @Test
  void parse_whiteSpaceBetweenFields_mayBeTabsOrSeveral() {
    assertThat(next("0\t12  *  *\t*", SATURDAY, 1)).containsExactly("2026-03-29T12:00");
  }

  @Test
  void matches_checksEveryField() {
    CronExpression cron = CronExpression.parse("30 2 * 3 0");
    assertThat(cron.matches(LocalDateTime.parse("2026-03-29T02:30:59"))).isTrue();
    assertThat(cron.matches(LocalDateTime.parse("2026-03-29T02:31"))).isFalse();
    assertThat(cron.matches(LocalDateTime.parse("2026-03-29T03:30"))).isFalse();
    assertThat(cron.matches(LocalDateTime.parse("2026-03-28T02:30"))).isFalse();
    assertThat(cron.matches(LocalDateTime.parse("2027-04-04T02:30"))).isFalse();
  }

  @Test
  void fixedTime_isFalseWhenMinuteOrHourBeginsWithStar() {
    assertThat(CronExpression.parse("30 2 * * *").fixedTime()).isTrue();
    assertThat(CronExpression.parse("0,30 1-3 * * *").fixedTime()).isTrue();
    assertThat(CronExpression.parse("*/10 2 * * *").fixedTime()).isFalse();
    assertThat(CronExpression.parse("0 * * * *").fixedTime()).isFalse();
  }

  @Test
  void equals_isByTheTextAsWritten() {
    assertThat(CronExpression.parse("0 0 * * *")).isEqualTo(CronExpression.parse("0 0 * * *"));
    assertThat(CronExpression.parse("0 0 * * *")).isNotEqualTo(CronExpression.parse("0 0 * * 0-6"));
    assertThat(CronExpression.parse("0  0 * * *").text()).isEqualTo("0  0 * * *");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "* * * *|5 fields",
        "0 * * * * *|5 fields",
        "@daily|5 fields",
        "60 * * * *|minute field \"60\" has 60, outside 0-59",
        "* 24 * * *|hour field \"24\" has 24, outside 0-23",
        "* * 0 * *|day of month field \"0\" has 0, outside 1-31",
        "* * 32 * *|day of month field \"32\" has 32",
        "* * * 13 *|month field \"13\" has 13",
        "* * * 0 *|month field \"0\" has 0",
        "* * * * 8|day of week field \"8\" has 8",
        "5/10 * * * *|a step after a single value",
        "*/0 * * * *|a step of 0",
        "10-5 * * * *|runs backwards",
        "? * * * *|where a number is expected",
        "* * L * *|where a number is expected",
        "* * * * MON#2|day of week field \"MON#2\" has \"MON#2\" where a number is expected",
        "* * * * foo|unknown name \"foo\"",
        "* * * foo *|unknown name \"foo\"",
        "* * * * monday|\"monday\" where a number is expected",
        "1,,2 * * * *|empty list element",
        "-1 * * * *|where a number is expected",
        "*/x * * * *|where a number is expected",
        "0 0 30 2 *|never matches",
        "0 0 31 4,6,9,11 *|never matches",
        "0 0 31 2 */2|never matches",
      })
  void parse_invalid_isRefusedNamingTheField(String cron, String message) {
    assertThatThrownBy(() -> CronExpression.parse(cron))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " 0 * * * *", "0 * * * * ", "\t0 * * * *"})
  void parse_whiteSpaceAround_isRefused(String cron) {
    assertThatThrownBy(() -> CronExpression.parse(cron))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 fields");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 0 29 2 *",
        "0 0 31 2,3 *",
        "0 0 30 2 1",
        "59 23 31 12 7",
        "0-59/59 0-23/23 1-31/30 1-12/11 0-7/7",
        "00 09 * * *"
      })
  void parse_rareButPossible_isAccepted(String cron) {
    assertThat(CronExpression.parse(cron).text()).isEqualTo(cron);
  }
}
