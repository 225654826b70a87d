package dev.cabledger.server.reports;

import dev.cabledger.core.freeze.CronExpression;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A checked schedule: when its slots fall, and the report each slot makes.
 *
 * @param name names its files and its claims
 * @param cron when its slots fall, read in {@code zone}
 * @param zone the time zone of {@code cron}
 * @param settings the schedule as configured, for the report's filters
 * @param folder where its reports go
 */
record ReportSchedule(
    String name,
    CronExpression cron,
    ZoneId zone,
    ReportScheduleProperties.Schedule settings,
    Path folder) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * How far back the latest slot is looked for, shortest first: a frequent cron looks back less.
   */
  private static final List<Duration> LOOK_BACK =
      List.of(
          Duration.ofHours(1),
          Duration.ofDays(2),
          Duration.ofDays(32),
          Duration.ofDays(367),
          Duration.ofDays(4 * 366 + 1));

  /** A slot in file names: UTC, to the minute, e.g. {@code 20261126T0900Z}. */
  private static final DateTimeFormatter SLOT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

  ReportSchedule {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a report schedule's name is 1 to 64 letters, digits, '.', '_' or '-', not \""
              + name
              + "\"");
    }
  }

  /**
   * Checks a configured schedule: its name, cron expression, zone, folder, and the report's
   * parameters (as the report endpoint checks them).
   *
   * @throws IllegalArgumentException naming the schedule and what is wrong
   */
  static ReportSchedule of(ReportScheduleProperties.Schedule s) {
    String which = "cab.reports.schedules \"" + s.name() + "\": ";
    try {
      ReportSchedule schedule =
          new ReportSchedule(
              s.name(),
              CronExpression.parse(s.cron()),
              ZoneId.of(s.zone()),
              s,
              Path.of(s.folder()));
      schedule.query(Instant.now());
      return schedule;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(which + e.getMessage(), e);
    }
  }

  /**
   * The latest slot at or before {@code now}, if one falls within the last four years. A local time
   * that a daylight-saving change skips is made when the clock has moved on past it; one the change
   * repeats is made once, at its first occurrence.
   */
  Optional<Instant> latestSlot(Instant now) {
    LocalDateTime local = LocalDateTime.ofInstant(now, zone);
    for (Duration back : LOOK_BACK) {
      Optional<LocalDateTime> slot = cron.next(local.minus(back));
      if (slot.isEmpty() || slot.get().isAfter(local)) {
        continue;
      }
      LocalDateTime latest = slot.get();
      for (Optional<LocalDateTime> n = cron.next(latest);
          n.isPresent() && !n.get().isAfter(local);
          n = cron.next(latest)) {
        latest = n.get();
      }
      Instant at = ZonedDateTime.ofLocal(latest, zone, null).toInstant();
      return at.isAfter(now) ? Optional.empty() : Optional.of(at);
    }
    return Optional.empty();
  }

  /** The report of a slot: its period ends at the slot ({@code days} counts back from it). */
  ReportQuery query(Instant slot) {
    return ReportQuery.of(
        settings.client(),
        settings.days(),
        Optional.empty(),
        Optional.empty(),
        settings.riskLevel(),
        settings.approver(),
        Optional.of(settings.format()),
        ReportScope.ALL,
        slot);
  }

  /** The file a slot's report is written to: {@code <folder>/<name>-<slot>.<extension>}. */
  Path file(Instant slot, ReportFormat format) {
    return folder.resolve(name + "-" + SLOT.format(slot) + "." + format.extension());
  }
}
