package dev.cabledger.server.reports;

import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.sign.AtomicFile;
import dev.cabledger.server.workflow.PeriodicJob;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Makes the configured reports on their schedules ({@code cab.reports.schedules}): each instance
 * looks every {@code cab.reports.schedule-check} for each schedule's latest slot, claims it ({@link
 * ScheduleClaims}: one instance of those sharing the database wins), makes the report as the
 * service (signed and logged like any report), and writes it and its signature to the schedule's
 * folder, each file atomically. Only the latest slot is made: slots missed while every instance was
 * down, or while this one was busy, are not made up, except the latest, once.
 */
@Component
final class ScheduledReports implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ScheduledReports.class);

  private final Reports reports;
  private final ScheduleClaims claims;
  private final List<ReportSchedule> schedules;
  private final Duration claimTimeout;
  private final Clock clock = Clock.systemUTC();
  private final PeriodicJob job;

  ScheduledReports(Reports reports, ScheduleClaims claims, ReportScheduleProperties properties) {
    this.reports = reports;
    this.claims = claims;
    List<ReportSchedule> checked = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ReportScheduleProperties.Schedule s : properties.schedules()) {
      ReportSchedule schedule = ReportSchedule.of(s);
      if (!names.add(schedule.name())) {
        throw new IllegalArgumentException(
            "cab.reports.schedules: the name \"" + schedule.name() + "\" is used twice");
      }
      checked.add(schedule);
    }
    this.schedules = List.copyOf(checked);
    this.claimTimeout = properties.claimTimeout();
    this.job = new PeriodicJob("scheduled-reports", properties.scheduleCheck(), this::run);
  }

  /** A slot made here: its report and the files written. */
  record Made(String schedule, Instant slot, GeneratedReport report, Path file, Path signature) {}

  /**
   * Makes the latest slot of each schedule due at {@code now} that no instance has made or is
   * making.
   *
   * @return the slots this instance made
   */
  List<Made> runDue(Instant now) {
    List<Made> made = new ArrayList<>();
    for (ReportSchedule schedule : schedules) {
      Optional<Instant> slot = schedule.latestSlot(now);
      if (slot.isEmpty()) {
        log.debug("scheduled report {}: no slot up to {}", schedule.name(), now);
        continue;
      }
      Optional<ScheduleClaims.Claim> claim =
          claims.claim(schedule.name(), slot.get(), now, claimTimeout);
      if (claim.isEmpty()) {
        log.debug(
            "scheduled report {} of {}: made, or being made (claims stand {})",
            schedule.name(),
            slot.get(),
            claimTimeout);
        continue;
      }
      try {
        made.add(make(schedule, claim.get()));
      } catch (ClaimLost e) {
        log.warn("scheduled report {}: {}", schedule.name(), e.getMessage());
      } catch (RuntimeException e) {
        // Fail closed: nothing is written for the slot, and it is tried again at the next check.
        log.error(
            "scheduled report {} of {} could not be made: {}",
            schedule.name(),
            slot.get(),
            e.toString());
        claims.release(claim.get());
      }
    }
    return made;
  }

  private Made make(ReportSchedule schedule, ScheduleClaims.Claim claim) {
    Instant slot = claim.slot();
    ReportQuery query = schedule.query(slot);
    long renewEvery = claimTimeout.toNanos() / 4;
    long[] renewed = {System.nanoTime()};
    GeneratedReport report =
        reports.generate(
            query,
            Actor.SYSTEM,
            (done, total, decisions) -> {
              // A long report renews its claim so that no other instance takes it over.
              if (System.nanoTime() - renewed[0] > renewEvery) {
                if (!claims.renew(claim, clock.instant())) {
                  throw new ClaimLost(
                      "another instance took over slot " + slot + "; this one stops");
                }
                renewed[0] = System.nanoTime();
              }
            });
    Path file = schedule.file(slot, report.format());
    Path signature = file.resolveSibling(file.getFileName() + ".sig.json");
    // The report first, its signature last: a signature file means its report is complete.
    AtomicFile.copyPublic(report.file(), file);
    AtomicFile.writePublic(signature, report.signature());
    claims.finish(claim, report.reportId(), clock.instant());
    log.info(
        "scheduled report {} of {}: {} ({} decisions), logged as entry {}",
        schedule.name(),
        slot,
        file,
        report.totalDecisions(),
        report.entryIndex());
    return new Made(schedule.name(), slot, report, file, signature);
  }

  /** The claim was taken over while the report was made (this instance stalled too long). */
  static final class ClaimLost extends CancellationException {
    private static final long serialVersionUID = 1L;

    ClaimLost(String message) {
      super(message);
    }
  }

  private void run() {
    try {
      runDue(clock.instant());
    } catch (RuntimeException e) {
      // The next check tries again.
      log.warn("scheduled reports: {}", e.toString());
    }
  }

  @Override
  public void start() {
    if (!schedules.isEmpty()) {
      job.start();
    }
  }

  @Override
  public void stop() {
    job.stop();
  }

  @Override
  public boolean isRunning() {
    return job.isRunning();
  }
}
