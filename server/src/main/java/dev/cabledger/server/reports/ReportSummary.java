package dev.cabledger.server.reports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's totals and its own verification, accumulated as the scan goes: a few counters and at
 * most {@link #MAX_PROBLEMS} problems, whatever the size of the period. Used from one thread.
 */
final class ReportSummary {
  /** Problems named one by one; beyond them, a count. */
  static final int MAX_PROBLEMS = 1000;

  /** The risk levels the article counts, in its order; a change without one is "unspecified". */
  static final List<String> RISK_LEVELS = List.of("low", "medium", "high", "critical");

  static final String UNSPECIFIED = "unspecified";

  private final Map<String, Long> byRiskLevel = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private long totalChanges;
  private long totalDecisions;
  private long totalOverrides;
  private long totalEmergencyChanges;
  private long totalOverdueReviews;
  private long entriesVerified;
  private long problemsLeftOut;
  private boolean allSignaturesPresent = true;
  private boolean allSignaturesValid = true;
  private boolean allEntriesIncluded = true;

  ReportSummary() {
    RISK_LEVELS.forEach(r -> byRiskLevel.put(r, 0L));
  }

  void change(ReportedChange change) {
    totalChanges++;
    totalDecisions += change.decisions().size();
    byRiskLevel.merge(change.riskLevel().orElse(UNSPECIFIED), 1L, Long::sum);
    allSignaturesPresent &= change.signaturePresent();
  }

  void override() {
    totalOverrides++;
  }

  void emergency() {
    totalEmergencyChanges++;
  }

  void overdueReview() {
    totalOverdueReviews++;
  }

  /** One entry the report took a value from, checked. */
  void checked(boolean signatureValid, boolean included) {
    entriesVerified++;
    allSignaturesValid &= signatureValid;
    allEntriesIncluded &= included;
  }

  /** An entry that failed, in words that name it. */
  void problem(String problem) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(problem);
    } else {
      problemsLeftOut++;
    }
  }

  /**
   * Adds what {@code later} counted after what this summary has: a page's summary, added in page
   * order, so that problems stay in log order and the first {@link #MAX_PROBLEMS} are the ones
   * named.
   */
  void add(ReportSummary later) {
    totalChanges += later.totalChanges;
    totalDecisions += later.totalDecisions;
    totalOverrides += later.totalOverrides;
    totalEmergencyChanges += later.totalEmergencyChanges;
    totalOverdueReviews += later.totalOverdueReviews;
    entriesVerified += later.entriesVerified;
    later.byRiskLevel.forEach((risk, count) -> byRiskLevel.merge(risk, count, Long::sum));
    allSignaturesPresent &= later.allSignaturesPresent;
    allSignaturesValid &= later.allSignaturesValid;
    allEntriesIncluded &= later.allEntriesIncluded;
    later.problems.forEach(this::problem);
    problemsLeftOut += later.problemsLeftOut;
  }

  long totalChanges() {
    return totalChanges;
  }

  long totalDecisions() {
    return totalDecisions;
  }

  long totalOverrides() {
    return totalOverrides;
  }

  long totalEmergencyChanges() {
    return totalEmergencyChanges;
  }

  long totalOverdueReviews() {
    return totalOverdueReviews;
  }

  long entriesVerified() {
    return entriesVerified;
  }

  Map<String, Long> byRiskLevel() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(byRiskLevel));
  }

  boolean allSignaturesPresent() {
    return allSignaturesPresent;
  }

  boolean allSignaturesValid() {
    return allSignaturesValid;
  }

  boolean allEntriesIncluded() {
    return allEntriesIncluded;
  }

  List<String> problems() {
    List<String> out = new ArrayList<>(problems);
    if (problemsLeftOut > 0) {
      out.add(problemsLeftOut + " more problems were left out");
    }
    return out;
  }
}
