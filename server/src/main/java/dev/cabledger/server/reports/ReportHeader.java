package dev.cabledger.server.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cabledger.server.workflow.CheckpointView;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON report's summary, before its sections: the article's members first, then the report's
 * own verification and what it selected.
 *
 * @param generatedAt when the report was made
 * @param period the period in words
 * @param client the client asked for; else the caller's clients, or {@code all} for every client
 * @param totalChanges the changes with a CAB decision in the period
 * @param byRiskLevel those changes by their signed risk level
 * @param allSignaturesPresent whether every decision's entry carries a signature
 * @param allSignaturesValid whether every entry the report took a value from verifies with the keys
 *     the log registered, valid when the entry was made, one of them the service's
 * @param allEntriesIncluded whether every such entry is proven included under {@code checkpoint}
 * @param checkpoint the checkpoint the entries were verified against, signed by the log's key
 * @param reportId the report's id, as its {@code REPORT_GENERATED} entry names it
 * @param from the start of the period (included)
 * @param to the end of the period (excluded)
 * @param filters what else the report was limited to
 * @param totalDecisions the CAB decisions of the period in {@code changes}
 * @param totalOverrides the policy overrides of the period ({@code overrides})
 * @param totalEmergencyChanges the emergency changes approved in the period ({@code
 *     emergencyChanges})
 * @param totalOverdueReviews the emergency reviews that fell due in the period and were not made by
 *     then ({@code overdueReviews})
 * @param entriesVerified the entries the report took values from, each verified
 * @param problems each entry that did not verify, named, with why
 */
record ReportHeader(
    String generatedAt,
    String period,
    String client,
    long totalChanges,
    Map<String, Long> byRiskLevel,
    boolean allSignaturesPresent,
    boolean allSignaturesValid,
    boolean allEntriesIncluded,
    CheckpointView checkpoint,
    String reportId,
    String from,
    String to,
    Filters filters,
    long totalDecisions,
    long totalOverrides,
    long totalEmergencyChanges,
    long totalOverdueReviews,
    long entriesVerified,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<String> problems) {
  ReportHeader {
    byRiskLevel = Collections.unmodifiableMap(new LinkedHashMap<>(byRiskLevel));
    problems = List.copyOf(problems);
  }

  /**
   * This summary with every count at its widest, every flag {@code false} and no problems: the most
   * its JSON can take for the same report, unless the report names problems.
   */
  ReportHeader widest() {
    // The risk levels counted so far, and "unspecified", which a later change may add.
    Map<String, Long> risks = new LinkedHashMap<>();
    byRiskLevel.keySet().forEach(r -> risks.put(r, Long.MAX_VALUE));
    risks.put(ReportSummary.UNSPECIFIED, Long.MAX_VALUE);
    return new ReportHeader(
        generatedAt,
        period,
        client,
        Long.MAX_VALUE,
        risks,
        false,
        false,
        false,
        checkpoint,
        reportId,
        from,
        to,
        filters,
        Long.MAX_VALUE,
        Long.MAX_VALUE,
        Long.MAX_VALUE,
        Long.MAX_VALUE,
        Long.MAX_VALUE,
        List.of());
  }

  /**
   * What the report was limited to, besides the period.
   *
   * @param client the client asked for
   * @param clients the clients of the caller's scope, when it named none and does not see every
   *     client
   * @param riskLevel the risk level asked for
   * @param approver the approver asked for
   */
  record Filters(
      Optional<String> client,
      List<String> clients,
      Optional<String> riskLevel,
      Optional<String> approver) {
    Filters {
      clients = List.copyOf(clients);
    }
  }
}
