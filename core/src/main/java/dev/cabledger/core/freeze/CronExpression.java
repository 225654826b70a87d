package dev.cabledger.core.freeze;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * A 5-field cron expression as crontab(5) of Vixie cron (ISC cron 4.1, and cronie after it) defines
 * it: {@code minute hour day-of-month month day-of-week}, matched against local wall-clock time
 * (docs/formats.md §2.1).
 *
 * <ul>
 *   <li>Fields are separated by spaces or tabs; minute 0–59, hour 0–23, day of month 1–31, month
 *       1–12 or {@code jan}–{@code dec}, day of week 0–7 or {@code sun}–{@code sat} (0 and 7 are
 *       Sunday), names in any case.
 *   <li>A field is {@code *} or a comma-separated list of values and ranges {@code a-b} (a ≤ b);
 *       {@code *} and ranges may take a step, <code>*&#47;n</code> or {@code a-b/n}, n ≥ 1.
 *   <li>Days: if the day-of-month or the day-of-week field begins with {@code *}, a day matches
 *       when both fields match; otherwise when either does ({@code 30 4 1,15 * 5} runs on the 1st
 *       and the 15th and on every Friday). This is what Vixie cron does (it tests the first
 *       character, so <code>*&#47;2</code> counts as {@code *} here).
 * </ul>
 *
 * <p>Refused: any other syntax (nicknames such as {@code @daily}, seconds or years fields, Quartz's
 * {@code ? L W #}, a step on a single value, a range that runs backwards) and an expression that
 * never matches, such as {@code 0 0 30 2 *}.
 *
 * <p>Why our own parser rather than a library: the expression is part of a signed record whose
 * effect the offline verifier re-derives, so its meaning must be the one docs/formats.md states,
 * the same in every version of the verifier, and core keeps no dependency beyond Jackson. The one
 * well-kept Java library, cron-utils (9.2.1), also differs from Vixie cron where it matters here:
 * <code>0 0 *&#47;2 * 1</code> matches every odd day or Monday there (Vixie: odd days that are
 * Mondays), and evaluated in a zone it leaves out the spring-forward day's run of {@code 30 2 * *
 * *} altogether, which for a freeze is a lost window. Time zones are not this class's concern: it
 * matches local date-times, and {@link FreezeWindow.Recurring} maps them to instants.
 */
public final class CronExpression {
  /** The Gregorian calendar, weekdays included, repeats every 400 years (146097 days). */
  private static final long CYCLE_DAYS = 146_097;

  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  private static final String[] NO_NAMES = {};

  private final String text;
  private final long minutes;
  private final long hours;
  private final long daysOfMonth;
  private final long months;
  private final long daysOfWeek;
  private final boolean dayOfMonthStar;
  private final boolean dayOfWeekStar;
  private final boolean fixedTime;

  private CronExpression(String text, String[] fields) {
    this.text = text;
    this.minutes = field(fields[0], "minute", 0, 59, NO_NAMES);
    this.hours = field(fields[1], "hour", 0, 23, NO_NAMES);
    this.daysOfMonth = field(fields[2], "day of month", 1, 31, NO_NAMES);
    this.months = field(fields[3], "month", 1, 12, MONTHS);
    long dow = field(fields[4], "day of week", 0, 7, DAYS);
    // 7 is Sunday too.
    this.daysOfWeek = (dow & ~(1L << 7)) | ((dow >>> 7) & 1L);
    this.dayOfMonthStar = fields[2].startsWith("*");
    this.dayOfWeekStar = fields[4].startsWith("*");
    this.fixedTime = !fields[0].startsWith("*") && !fields[1].startsWith("*");
  }

  /**
   * Parses an expression.
   *
   * @throws IllegalArgumentException naming the field and what is wrong with it
   */
  public static CronExpression parse(String text) {
    if (text.isEmpty() || text.strip().length() != text.length()) {
      throw new IllegalArgumentException(
          "a cron expression has 5 fields without white space around them");
    }
    String[] fields = text.split("[ \t]+", -1);
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "a cron expression has 5 fields (minute hour day-of-month month day-of-week), \""
              + text
              + "\" has "
              + fields.length);
    }
    CronExpression cron = new CronExpression(text, fields);
    LocalDateTime origin = LocalDate.of(2000, 1, 1).atStartOfDay().minusMinutes(1);
    if (cron.next(origin).isEmpty()) {
      throw new IllegalArgumentException(
          "the cron expression \"" + text + "\" never matches a date of the calendar");
    }
    return cron;
  }

  /** The expression as written. */
  public String text() {
    return text;
  }

  /**
   * Whether both the minute and the hour field are fixed (neither begins with {@code *}). Vixie
   * cron runs such a job once when the clock goes back, and a job with a {@code *} minute or hour
   * by the clock as it reads (so twice in a repeated hour).
   */
  public boolean fixedTime() {
    return fixedTime;
  }

  /** Whether the minute of {@code t} matches (seconds and below are ignored). */
  public boolean matches(LocalDateTime t) {
    return has(minutes, t.getMinute()) && has(hours, t.getHour()) && dayMatches(t.toLocalDate());
  }

  /**
   * The first whole minute strictly after {@code after} that matches; empty only if none does
   * within the calendar's 400-year cycle, which {@link #parse} rules out.
   */
  public Optional<LocalDateTime> next(LocalDateTime after) {
    LocalDateTime from = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDate day = from.toLocalDate();
    LocalDate end = day.plusDays(CYCLE_DAYS);
    Optional<LocalTime> time = firstTime(from.toLocalTime());
    if (time.isPresent() && dayMatches(day)) {
      return Optional.of(day.atTime(time.get()));
    }
    day = day.plusDays(1);
    LocalTime first = firstTime(LocalTime.MIDNIGHT).orElseThrow();
    while (day.isBefore(end)) {
      if (!has(months, day.getMonthValue())) {
        day = day.withDayOfMonth(1).plusMonths(1);
      } else if (dayMatches(day)) {
        return Optional.of(day.atTime(first));
      } else {
        day = day.plusDays(1);
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(LocalDate day) {
    if (!has(months, day.getMonthValue())) {
      return false;
    }
    boolean dom = has(daysOfMonth, day.getDayOfMonth());
    boolean dow = has(daysOfWeek, day.getDayOfWeek().getValue() % 7);
    return dayOfMonthStar || dayOfWeekStar ? dom && dow : dom || dow;
  }

  /** The first matching time of day at or after {@code from}. */
  private Optional<LocalTime> firstTime(LocalTime from) {
    for (int h = from.getHour(); h < 24; h++) {
      if (has(hours, h)) {
        for (int m = h == from.getHour() ? from.getMinute() : 0; m < 60; m++) {
          if (has(minutes, m)) {
            return Optional.of(LocalTime.of(h, m));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean has(long bits, int value) {
    return (bits & (1L << value)) != 0;
  }

  /** The values a field allows, as bits; names (3 letters, any case) stand for low, low + 1… */
  private static long field(String field, String what, int low, int high, String[] names) {
    long bits = 0;
    for (String element : field.split(",", -1)) {
      bits |= element(element, what, low, high, names, field);
    }
    return bits;
  }

  private static long element(
      String element, String what, int low, int high, String[] names, String field) {
    if (element.isEmpty()) {
      throw bad(what, field, "has an empty list element");
    }
    String range = element;
    int step = 1;
    int slash = element.indexOf('/');
    if (slash >= 0) {
      range = element.substring(0, slash);
      step = number(element.substring(slash + 1), what, field);
      if (step < 1) {
        throw bad(what, field, "has a step of 0");
      }
      if (!range.equals("*") && range.indexOf('-') < 0) {
        throw bad(what, field, "has a step after a single value; write a range a-b/n or */n");
      }
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = low;
      to = names == DAYS ? 6 : high;
    } else {
      int dash = range.indexOf('-');
      if (dash < 0) {
        from = value(range, what, low, high, names, field, false);
        to = from;
      } else {
        from = value(range.substring(0, dash), what, low, high, names, field, false);
        to = value(range.substring(dash + 1), what, low, high, names, field, true);
        if (from > to) {
          throw bad(what, field, "has a range that runs backwards: " + range);
        }
      }
    }
    long bits = 0;
    for (int v = from; v <= to; v += step) {
      bits |= 1L << v;
    }
    return bits;
  }

  private static int value(
      String text,
      String what,
      int low,
      int high,
      String[] names,
      String field,
      boolean endOfRange) {
    if (names.length > 0 && text.length() == 3 && Character.isLetter(text.charAt(0))) {
      String lower = text.toLowerCase(Locale.ROOT);
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(lower)) {
          // "fri-sun" ends on Sunday as 7, so that the range runs forwards.
          return names == DAYS && i == 0 && endOfRange ? 7 : low + i;
        }
      }
      throw bad(what, field, "has an unknown name \"" + text + "\"");
    }
    int v = number(text, what, field);
    if (v < low || v > high) {
      throw bad(what, field, "has " + v + ", outside " + low + "-" + high);
    }
    return v;
  }

  private static int number(String text, String what, String field) {
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(what, field, "has \"" + text + "\" where a number is expected");
    }
    return Integer.parseInt(text);
  }

  private static IllegalArgumentException bad(String what, String field, String problem) {
    return new IllegalArgumentException(
        "the cron " + what + " field \"" + field + "\" " + problem + " (crontab(5))");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronExpression c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
