package dev.cabledger.core.freeze;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * When a freeze holds: one window, or windows that recur (docs/formats.md §2.1). A window includes
 * its start and excludes its end.
 */
public sealed interface FreezeWindow permits FreezeWindow.OneOff, FreezeWindow.Recurring {

  /**
   * The earliest-starting window that overlaps {@code [from, to)}: one that starts before {@code
   * to} and ends after {@code from}.
   */
  Optional<Interval> firstOverlapping(Instant from, Instant to);

  /** The window that holds at {@code at}, the earliest-starting one if windows overlap. */
  default Optional<Interval> covering(Instant at) {
    return firstOverlapping(at, at.plusNanos(1));
  }

  /** Whether a window holds at {@code at}. */
  default boolean covers(Instant at) {
    return covering(at).isPresent();
  }

  /**
   * One window of time.
   *
   * @param start its first instant
   * @param end the first instant after it
   */
  record Interval(Instant start, Instant end) {
    public Interval {
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException("a freeze window ends after it starts");
      }
    }
  }

  /**
   * A one-off window.
   *
   * @param start when the freeze starts
   * @param end when it ends (the freeze no longer holds at this instant)
   */
  record OneOff(Instant start, Instant end) implements FreezeWindow {
    public OneOff {
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException("a freeze's end must be after its start");
      }
    }

    @Override
    public Optional<Interval> firstOverlapping(Instant from, Instant to) {
      return start.isBefore(to) && end.isAfter(from)
          ? Optional.of(new Interval(start, end))
          : Optional.empty();
    }
  }

  /**
   * Windows that start at each local date-time of {@code timeZone} that {@code cron} matches, and
   * each last {@code duration} of elapsed time.
   *
   * <p>Daylight-saving changes follow Vixie cron (cron(8): "If the time has moved forwards, those
   * jobs which would have run in the time that was skipped will be run soon after the change.
   * Conversely, if the time has moved backwards by less than 3 hours, those jobs that fall into the
   * repeated time will not be re-run"; jobs with a {@code *} minute or hour run by the clock):
   *
   * <ul>
   *   <li>a start time the clocks skip (02:30 on the day Europe/Berlin goes from 02:00 to 03:00)
   *       starts its window at the moment of the jump (03:00 local), and the window still lasts its
   *       whole duration;
   *   <li>a start time the clocks repeat (02:30 on the day Europe/Berlin goes back from 03:00 to
   *       02:00) starts one window, at its first occurrence, if the expression's minute and hour
   *       are fixed ({@link CronExpression#fixedTime()}); if either begins with {@code *}, it
   *       starts a window at both occurrences, as such a job runs by the clock as it reads.
   * </ul>
   *
   * @param cron when windows start, in local time
   * @param duration how long each lasts: an ISO 8601 duration {@code P[nD][T[nH][nM][nS]]}, whole
   *     numbers, days of 24 hours; more than zero and at most 366 days
   * @param timeZone an IANA time zone id, such as {@code Europe/Berlin}
   */
  record Recurring(CronExpression cron, String duration, ZoneId timeZone) implements FreezeWindow {
    private static final Pattern DURATION =
        Pattern.compile("P(?=\\d|T\\d)(\\d{1,6}D)?(T(?=\\d)(\\d{1,6}H)?(\\d{1,6}M)?(\\d{1,6}S)?)?");
    private static final Duration LONGEST = Duration.ofDays(366);
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    /**
     * Local date-times before a moment minus this map to instants before it, and after it plus this
     * to instants after it: offsets lie within ±18 hours and a skipped stretch of local time lasts
     * less than a day.
     */
    private static final Duration MARGIN = Duration.ofDays(3);

    public Recurring {
      length(duration);
      if (!ZONES.contains(timeZone.getId())) {
        throw new IllegalArgumentException(
            "time_zone \"" + timeZone.getId() + "\" is not an IANA time zone id");
      }
    }

    /**
     * A recurring window from its written members.
     *
     * @throws IllegalArgumentException naming the member that is wrong
     */
    public static Recurring of(String cron, String duration, String timeZone) {
      CronExpression expression = CronExpression.parse(cron);
      ZoneId zone;
      try {
        zone = ZoneId.of(timeZone);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "time_zone \"" + timeZone + "\" is not an IANA time zone id, such as Europe/Berlin");
      }
      if (!zone.getId().equals(timeZone)) {
        throw new IllegalArgumentException(
            "time_zone \"" + timeZone + "\" is not an IANA time zone id, such as Europe/Berlin");
      }
      return new Recurring(expression, duration, zone);
    }

    /** How long each window lasts. */
    public Duration length() {
      return length(duration);
    }

    private static Duration length(String text) {
      Optional<Duration> parsed = Optional.empty();
      if (DURATION.matcher(text).matches()) {
        try {
          parsed = Optional.of(Duration.parse(text));
        } catch (DateTimeParseException e) {
          // reported below
        }
      }
      Duration d =
          parsed.orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "duration \""
                          + text
                          + "\" is not an ISO 8601 duration of whole days, hours, minutes or"
                          + " seconds, such as PT8H or P2DT12H"));
      if (d.isZero() || d.compareTo(LONGEST) > 0) {
        throw new IllegalArgumentException(
            "duration \"" + text + "\" must be more than zero and at most 366 days");
      }
      return d;
    }

    @Override
    public Optional<Interval> firstOverlapping(Instant from, Instant to) {
      Duration length = length();
      return firstStartAfter(from.minus(length))
          .filter(start -> start.isBefore(to))
          .map(start -> new Interval(start, start.plus(length)));
    }

    /** The earliest window start strictly after {@code after}. */
    Optional<Instant> firstStartAfter(Instant after) {
      ZoneRules rules = timeZone.getRules();
      LocalDateTime cursor =
          LocalDateTime.ofEpochSecond(after.getEpochSecond(), 0, ZoneOffset.UTC).minus(MARGIN);
      Optional<Instant> best = Optional.empty();
      LocalDateTime bestLocal = cursor;
      while (true) {
        Optional<LocalDateTime> next = cron.next(cursor);
        if (next.isEmpty()) {
          return best;
        }
        cursor = next.get();
        if (best.isPresent() && cursor.isAfter(bestLocal.plus(MARGIN))) {
          return best;
        }
        // Starts are not in local order around a repeated hour: keep the earliest found.
        for (Instant start : starts(cursor, rules)) {
          if (start.isAfter(after) && (best.isEmpty() || start.isBefore(best.get()))) {
            best = Optional.of(start);
            bestLocal = cursor;
          }
        }
      }
    }

    /** The instants a matching local date-time starts windows at: the daylight-saving rule. */
    private List<Instant> starts(LocalDateTime local, ZoneRules rules) {
      List<ZoneOffset> offsets = rules.getValidOffsets(local);
      if (offsets.size() == 1) {
        return List.of(local.toInstant(offsets.getFirst()));
      }
      ZoneOffsetTransition transition = rules.getTransition(local);
      if (offsets.isEmpty()) {
        return List.of(transition.getInstant()); // skipped: at the jump
      }
      Instant first = local.toInstant(transition.getOffsetBefore());
      Instant second = local.toInstant(transition.getOffsetAfter());
      return cron.fixedTime() ? List.of(first) : List.of(first, second);
    }
  }
}
