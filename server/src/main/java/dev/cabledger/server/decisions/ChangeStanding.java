package dev.cabledger.server.decisions;

import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.core.policy.Reason;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Where a change stands under its policy once an entry is in the log: what a decision, revocation
 * or expiry answers beside the entry itself.
 *
 * @param id the change request id
 * @param status pending, approved, conditional, denied or applied
 * @param missing what the policy still needs
 */
record ChangeStanding(String id, String status, List<ReasonView> missing) {

  /** One reason, as {@code GET /api/changes/{id}} writes it. */
  record ReasonView(String code, String text) {
    static ReasonView of(Reason r) {
      return new ReasonView(r.code().code(), r.text());
    }
  }

  static ChangeStanding of(ChangeAssessment a) {
    return new ChangeStanding(
        a.history().changeId(),
        a.status().json(),
        a.missing().stream().map(ReasonView::of).toList());
  }

  /**
   * The change as of one of its entries: its history up to and including that entry (a later one
   * may already be in the log), assessed now.
   */
  static ChangeStanding after(
      ChangeHistory history,
      long index,
      BiFunction<ChangeHistory, Instant, ChangeAssessment> assess) {
    List<LoggedEvent> upTo = history.events().stream().filter(e -> e.index() <= index).toList();
    return of(assess.apply(ChangeHistory.of(upTo), Instant.now()));
  }
}
