package dev.cabledger.core.event;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The evidence a pipeline gives with a change request (the source article's EvidencePackage
 * fields), written as flat members of {@code CHANGE_SUBMITTED}.
 *
 * @param prUrl the pull request, if given
 * @param prApprovers who approved the pull request
 * @param securityScan the security scan's result as the pipeline reported it, if given
 * @param testResults the test results as the pipeline reported them, if given
 * @param pipelineUrl the pipeline run, if given
 */
public record ChangeEvidence(
    Optional<String> prUrl,
    List<String> prApprovers,
    Optional<String> securityScan,
    Optional<String> testResults,
    Optional<String> pipelineUrl) {
  /** No evidence given. */
  public static final ChangeEvidence NONE =
      new ChangeEvidence(
          Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());

  public ChangeEvidence {
    prApprovers = List.copyOf(prApprovers);
  }

  /**
   * Whether the security scan passed: its result begins with {@code pass} or is {@code clean} (any
   * case). A missing result has not passed (docs/workflow.md, "Policy").
   */
  public boolean securityScanPassed() {
    return securityScan
        .map(s -> s.strip().toLowerCase(Locale.ROOT))
        .map(s -> s.startsWith("pass") || s.equals("clean"))
        .orElse(false);
  }

  void write(EventDataWriter w) {
    w.text("pr_url", prUrl)
        .texts("pr_approvers", prApprovers)
        .text("security_scan", securityScan)
        .text("test_results", testResults)
        .text("pipeline_url", pipelineUrl);
  }

  static ChangeEvidence read(EventDataReader r) {
    return new ChangeEvidence(
        r.optionalText("pr_url"),
        r.texts("pr_approvers"),
        r.optionalText("security_scan"),
        r.optionalText("test_results"),
        r.optionalText("pipeline_url"));
  }
}
