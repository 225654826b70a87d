package dev.cabledger.server.reports;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of scheduled reports under {@code cab.reports.*} (docs/reports.md, "Scheduled reports").
 *
 * @param schedules the schedules, each checked at start ({@link ReportSchedule#of})
 * @param claimTimeout how long a slot's claim stands without being renewed before another instance
 *     takes it over (a running report renews it as it goes)
 * @param scheduleCheck how often each instance looks for a due slot (the first look is one interval
 *     after start)
 */
@ConfigurationProperties("cab.reports")
public record ReportScheduleProperties(
    List<Schedule> schedules,
    @DefaultValue("10m") Duration claimTimeout,
    @DefaultValue("30s") Duration scheduleCheck) {

  public ReportScheduleProperties {
    schedules = schedules == null ? List.of() : List.copyOf(schedules);
    if (claimTimeout.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException("cab.reports.claim-timeout must be at least 10s");
    }
    if (scheduleCheck.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("cab.reports.schedule-check must be at least 1s");
    }
  }

  /**
   * One schedule as configured ({@code cab.reports.schedules[i].*}); the filters are the report's
   * parameters, each absent when not given.
   *
   * @param name names the files: {@code <name>-<slot>.<format>}
   * @param cron a 5-field cron expression (docs/formats.md §2.1)
   * @param zone the time zone the expression is read in (default UTC)
   * @param format {@code json} (default) or {@code csv}
   * @param folder where the reports and their signatures are written
   */
  public record Schedule(
      String name,
      String cron,
      @DefaultValue("UTC") String zone,
      @DefaultValue("json") String format,
      Optional<String> client,
      Optional<String> days,
      Optional<String> riskLevel,
      Optional<String> approver,
      String folder) {
    public Schedule {
      if (name == null || cron == null || folder == null || folder.isBlank()) {
        throw new IllegalArgumentException(
            "cab.reports.schedules: each schedule needs a name, a cron and a folder");
      }
    }
  }
}
