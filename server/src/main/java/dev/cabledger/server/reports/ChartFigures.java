package dev.cabledger.server.reports;

import dev.cabledger.core.UtcTime;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the PDF report's charts show, gathered as the scan goes: decisions per week (at most one
 * counter per week of the period) and approvals per approver (at most {@link #MAX_APPROVERS} names;
 * approvals by anyone beyond them count as others), so that its memory does not grow with the
 * number of decisions.
 */
final class ChartFigures {
  static final int MAX_APPROVERS = 10_000;

  /** The approvers a chart names, the most approvals first; the rest are summed as "others". */
  static final int SHOWN_APPROVERS = 12;

  static final String OTHERS = "others";

  private final Map<LocalDate, Long> decisionsPerWeek = new TreeMap<>();
  private final Map<String, Long> approvalsPerApprover = new HashMap<>();
  private long otherApprovals;

  /** Counts a change's decisions of the period. */
  void add(ReportedChange change) {
    for (ReportedDecision d : change.decisions()) {
      try {
        decisionsPerWeek.merge(week(UtcTime.read(d.decidedAt())), 1L, Long::sum);
      } catch (DateTimeParseException e) {
        // A signed time the catalog accepted is an instant; nothing else is counted by week.
      }
      if (d.approves()) {
        if (approvalsPerApprover.containsKey(d.approver())
            || approvalsPerApprover.size() < MAX_APPROVERS) {
          approvalsPerApprover.merge(d.approver(), 1L, Long::sum);
        } else {
          otherApprovals++;
        }
      }
    }
  }

  /** The Monday (UTC) that starts the week of {@code at}. */
  static LocalDate week(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC)
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  /** Decisions per week, every week of the period from its first to its last, zero when none. */
  Map<LocalDate, Long> decisionsPerWeek(Instant from, Instant to) {
    Map<LocalDate, Long> weeks = new LinkedHashMap<>();
    LocalDate last = week(to.minusMillis(1));
    for (LocalDate w = week(from); !w.isAfter(last); w = w.plusWeeks(1)) {
      weeks.put(w, decisionsPerWeek.getOrDefault(w, 0L));
    }
    return weeks;
  }

  /** The approvers with the most approvals, then the others summed; empty when none approved. */
  List<Map.Entry<String, Long>> approvalsPerApprover() {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(approvalsPerApprover.entrySet());
    sorted.sort(
        Map.Entry.<String, Long>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
    List<Map.Entry<String, Long>> shown =
        new ArrayList<>(sorted.subList(0, Math.min(SHOWN_APPROVERS, sorted.size())));
    long others =
        otherApprovals
            + sorted.subList(shown.size(), sorted.size()).stream()
                .mapToLong(Map.Entry::getValue)
                .sum();
    if (others > 0) {
      shown.add(Map.entry(OTHERS, others));
    }
    return shown;
  }
}
