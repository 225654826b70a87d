package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.report.ReportSignature;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestDecisions;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.storage.Backend;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scheduled reports with two service instances on one database and one folder: a schedule every
 * minute, both instances asked at the same moments (the clock is the {@code now} they are given) →
 * exactly one report and one signature per slot, each verifying as {@code cab-ledger verify-report}
 * verifies it; a claim left by a crashed instance is taken over after the timeout, and not before.
 */
class ScheduledReportsTest {

  private static String[] settings(Path folder, String claimTimeout) {
    return new String[] {
      "cab.workflow.expiry-interval=24h",
      // The instances' own timers would make real-time slots during the test: only the test asks.
      "cab.reports.schedule-check=24h",
      "cab.reports.claim-timeout=" + claimTimeout,
      "cab.reports.schedules[0].name=acme-daily",
      "cab.reports.schedules[0].cron=* * * * *",
      "cab.reports.schedules[0].zone=Europe/Berlin",
      "cab.reports.schedules[0].client=acme",
      "cab.reports.schedules[0].days=1",
      "cab.reports.schedules[0].folder=" + folder
    };
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void runDue_twoInstancesAtEachMinute_oneVerifiedReportAndSignaturePerSlot(Backend backend)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(backend)) {
      Path folder = db.dataDir().resolve("scheduled");
      CompletableFuture<TestService> a =
          CompletableFuture.supplyAsync(() -> TestService.start(db, settings(folder, "10m")));
      if (backend == Backend.SQLITE) {
        a.join(); // SQLite's first migration is not safe from two instances at once
      }
      CompletableFuture<TestService> b =
          CompletableFuture.supplyAsync(() -> TestService.start(db, settings(folder, "10m")));
      try (TestService first = a.join();
          TestService second = b.join()) {
        String change = TestWorkflow.newChangeId();
        TestWorkflow.submit(first, change, "acme", TestWorkflow.newPlanHash(), "low");
        TestDecisions.approve(second, change, TestDecisions.approver("user:cab1"));

        ScheduledReports one = first.app().getBean(ScheduledReports.class);
        ScheduledReports two = second.app().getBean(ScheduledReports.class);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        List<ScheduledReports.Made> made = new ArrayList<>();
        for (int minute = 0; minute < 3; minute++) {
          // Some seconds into the minute, and asked twice by each: still one report per slot.
          Instant now = start.plus(Duration.ofMinutes(minute)).plusSeconds(7);
          for (int round = 0; round < 2; round++) {
            CompletableFuture<List<ScheduledReports.Made>> x =
                CompletableFuture.supplyAsync(() -> one.runDue(now));
            CompletableFuture<List<ScheduledReports.Made>> y =
                CompletableFuture.supplyAsync(() -> two.runDue(now));
            made.addAll(x.join());
            made.addAll(y.join());
          }
        }

        assertThat(made).hasSize(3);
        assertThat(made.stream().map(ScheduledReports.Made::slot))
            .containsExactly(
                start, start.plus(Duration.ofMinutes(1)), start.plus(Duration.ofMinutes(2)));
        List<String> names;
        try (Stream<Path> listed = Files.list(folder)) {
          names = listed.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).hasSize(6).noneMatch(n -> n.endsWith(".tmp"));
        for (ScheduledReports.Made m : made) {
          String base = m.file().getFileName().toString();
          assertThat(base).matches("acme-daily-\\d{8}T\\d{4}Z\\.json");
          assertThat(names).contains(base, base + ".sig.json");
          ReportSignature signature = ReportSignature.parse(Files.readAllBytes(m.signature()));
          try (InputStream in = Files.newInputStream(m.file())) {
            assertThat(signature.verify(in, TestApi.keys(first))).isNotEmpty();
          }
          assertThat(signature.report().client().orElseThrow().value()).isEqualTo("acme");
          assertThat(signature.report().periodTo()).isEqualTo(m.slot());
          assertThat(Files.readString(m.file())).contains(change);
        }
        JdbcTemplate jdbc = first.app().getBean(JdbcTemplate.class);
        assertThat(
                jdbc.queryForObject(
                    "SELECT COUNT(*) FROM report_schedule_run WHERE finished_at IS NOT NULL",
                    Long.class))
            .isEqualTo(3L);
        // One REPORT_GENERATED entry per slot: the reports of the log are those made.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM report", Long.class)).isEqualTo(3L);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void runDue_claimLeftByCrashedInstance_takenOverOnlyAfterTheTimeout(Backend backend)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(backend)) {
      Path folder = db.dataDir().resolve("scheduled");
      try (TestService service = TestService.start(db, settings(folder, "10s"))) {
        ScheduledReports reports = service.app().getBean(ScheduledReports.class);
        JdbcTemplate jdbc = service.app().getBean(JdbcTemplate.class);
        Instant slot = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(5));
        // An instance claimed the slot at once, then crashed: its claim is never renewed.
        jdbc.update(
            "INSERT INTO report_schedule_run (schedule_name, slot, claimed_by, claimed_at,"
                + " attempt) VALUES ('acme-daily', ?, 'crashed', ?, 1)",
            slot.toEpochMilli(),
            slot.toEpochMilli());

        // Within the timeout (10 s) the claim stands: the slot may still be being made.
        assertThat(reports.runDue(slot.plusSeconds(9))).isEmpty();
        assertThat(folder).doesNotExist();

        List<ScheduledReports.Made> made = reports.runDue(slot.plusSeconds(40));
        assertThat(made).hasSize(1);
        assertThat(made.getFirst().slot()).isEqualTo(slot);
        assertThat(
                jdbc.queryForObject(
                    "SELECT attempt FROM report_schedule_run WHERE schedule_name = 'acme-daily'"
                        + " AND slot = ?",
                    Integer.class,
                    slot.toEpochMilli()))
            .isEqualTo(2);
        assertThat(made.getFirst().file()).exists();
        assertThat(made.getFirst().signature()).exists();
        // Made once: a later check of the same slot finds it finished.
        assertThat(reports.runDue(slot.plusSeconds(59))).isEmpty();
      }
    }
  }
}
