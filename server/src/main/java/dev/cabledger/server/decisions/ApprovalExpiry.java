package dev.cabledger.server.decisions;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.ApprovalExpired;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.PeriodicJob;
import dev.cabledger.server.workflow.StateConflictException;
import dev.cabledger.server.workflow.WorkflowProperties;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Records {@code APPROVAL_EXPIRED} once for each approval (CAB or exception) whose expiry has come
 * and that has not ended otherwise, every {@code cab.workflow.expiry-interval}. Several instances
 * on one database may run it at once: each expiry is checked under the append lock ({@link
 * ApprovalEnd}), so the first instance records it and the others are refused.
 */
@Component
final class ApprovalExpiry implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ApprovalExpiry.class);

  /** Approvals with an expiry that have not ended, oldest expiry first. */
  private static final String DUE =
      "SELECT "
          + ApprovalEntries.ROW_COLUMNS
          + " FROM "
          + ApprovalEntries.ROW_TABLES
          + " WHERE e.approval_id IS NULL AND a.expiry_date IS NOT NULL AND "
          + TimeText.sql("a.expiry_date")
          + " <= ? ORDER BY "
          + TimeText.sql("a.expiry_date")
          + " LIMIT ?";

  /** At most this many per run, so that one run does not hold the job for long. */
  static final int PER_RUN = 1_000;

  private final ApprovalEntries approvals;
  private final ChangeWriter writer;
  private final PeriodicJob job;

  ApprovalExpiry(ApprovalEntries approvals, ChangeWriter writer, WorkflowProperties properties) {
    this.approvals = approvals;
    this.writer = writer;
    this.job = new PeriodicJob("approval-expiry", properties.expiryInterval(), this::run);
  }

  /**
   * Records the expiry of every approval due at {@code now} that has not ended.
   *
   * @return how many this instance recorded
   */
  int expireDue(Instant now) {
    int recorded = 0;
    for (ApprovalEntries.Row row : approvals.rows(DUE, TimeText.of(now), PER_RUN)) {
      try {
        if (expire(row, now)) {
          recorded++;
        }
      } catch (LedgerIntegrityException e) {
        // One approval the log does not back must not hold up the expiry of the others.
        log.error("approval {} cannot be expired: {}", row.approvalId(), e.getMessage());
      }
    }
    return recorded;
  }

  /**
   * Records one expiry, as the signed approval states it; false if it is not (or no longer) due.
   */
  private boolean expire(ApprovalEntries.Row row, Instant now) {
    LoggedEvent approval = approvals.decision(row);
    Optional<Instant> expiry;
    Digest plan;
    ClientId client;
    switch (approval.data()) {
      case CabApproved a -> {
        expiry = a.expiryDate();
        plan = a.planHash();
        client = a.client();
      }
      case ExceptionApproved a -> {
        expiry = a.expiryDate();
        plan = a.planHash();
        client = a.client();
      }
      default -> {
        return false;
      }
    }
    // The signed expiry decides, not the projection's column.
    if (expiry.isEmpty() || expiry.get().isAfter(now)) {
      log.warn(
          "approval {} is indexed as due but its signed entry {} says it expires {}",
          row.approvalId(),
          row.index(),
          expiry.map(Object::toString).orElse("never"));
      return false;
    }
    ApprovalExpired event = new ApprovalExpired(row.approvalId(), client, plan, expiry.get());
    try {
      writer.recordAsService(
          ChangeRecords.serviceStatement(row.changeId(), event),
          new ApprovalEnd(row.approvalId(), ApprovalEnd.How.EXPIRED));
      return true;
    } catch (StateConflictException e) {
      // Another instance recorded it, or the approval was revoked or superseded meanwhile.
      log.debug("approval {} not expired here: {}", row.approvalId(), e.getMessage());
      return false;
    }
  }

  private void run() {
    try {
      int n = expireDue(Instant.now());
      if (n > 0) {
        log.info("recorded the expiry of {} approval{}", n, n == 1 ? "" : "s");
      }
    } catch (RuntimeException e) {
      // The next run tries again; an expiry is recorded late rather than never.
      log.warn("recording expired approvals failed: {}", e.toString());
    }
  }

  @Override
  public void start() {
    job.start();
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
