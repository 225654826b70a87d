package dev.cabledger.server.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who makes a scheduled report's slot, when several instances share the database: the one whose
 * insert of the (schedule, slot) row succeeds under its primary key ({@code report_schedule_run},
 * V12). A claim that was neither finished nor renewed within the claim timeout belongs to an
 * instance that stopped; one other instance takes it over, by an update that holds only while the
 * claim is still stale (the database serializes the updates of one row, so the second finds it
 * fresh).
 */
@Component
final class ScheduleClaims {
  private final JdbcTemplate jdbc;

  ScheduleClaims(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A claim this instance holds. */
  record Claim(String schedule, Instant slot, String owner) {}

  /**
   * Claims a slot for {@code owner}: a new claim, or one left stale since before {@code now -
   * timeout}; empty if the slot is made, or being made by a live instance.
   */
  Optional<Claim> claim(String schedule, Instant slot, Instant now, Duration timeout) {
    String owner = UUID.randomUUID().toString();
    // ON CONFLICT DO NOTHING, in SQLite and PostgreSQL alike: the loser of a race inserts nothing.
    int inserted =
        jdbc.update(
            "INSERT INTO report_schedule_run (schedule_name, slot, claimed_by, claimed_at, attempt)"
                + " VALUES (?, ?, ?, ?, 1) ON CONFLICT (schedule_name, slot) DO NOTHING",
            schedule,
            slot.toEpochMilli(),
            owner,
            now.toEpochMilli());
    if (inserted == 1) {
      return Optional.of(new Claim(schedule, slot, owner));
    }
    int taken =
        jdbc.update(
            "UPDATE report_schedule_run SET claimed_by = ?, claimed_at = ?,"
                + " attempt = attempt + 1 WHERE schedule_name = ? AND slot = ?"
                + " AND finished_at IS NULL AND claimed_at < ?",
            owner,
            now.toEpochMilli(),
            schedule,
            slot.toEpochMilli(),
            now.minus(timeout).toEpochMilli());
    return taken == 1 ? Optional.of(new Claim(schedule, slot, owner)) : Optional.empty();
  }

  /** Renews a claim; false if another instance took it over meanwhile. */
  boolean renew(Claim claim, Instant now) {
    return jdbc.update(
            "UPDATE report_schedule_run SET claimed_at = ? WHERE schedule_name = ? AND slot = ?"
                + " AND claimed_by = ? AND finished_at IS NULL",
            now.toEpochMilli(),
            claim.schedule(),
            claim.slot().toEpochMilli(),
            claim.owner())
        == 1;
  }

  /** Records the slot as made, by the report with this id. */
  void finish(Claim claim, UUID reportId, Instant now) {
    jdbc.update(
        "UPDATE report_schedule_run SET report_id = ?, finished_at = ? WHERE schedule_name = ?"
            + " AND slot = ? AND claimed_by = ?",
        reportId.toString(),
        now.toEpochMilli(),
        claim.schedule(),
        claim.slot().toEpochMilli(),
        claim.owner());
  }

  /** Gives a claim up after a failure, so that the slot is tried again at the next check. */
  void release(Claim claim) {
    jdbc.update(
        "DELETE FROM report_schedule_run WHERE schedule_name = ? AND slot = ? AND claimed_by = ?"
            + " AND finished_at IS NULL",
        claim.schedule(),
        claim.slot().toEpochMilli(),
        claim.owner());
  }
}
