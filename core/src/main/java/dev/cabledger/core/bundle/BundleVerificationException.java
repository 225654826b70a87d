package dev.cabledger.core.bundle;

import java.util.List;
import java.util.stream.Collectors;

/** An audit bundle failed verification; {@link #findings()} lists every failure found. */
public final class BundleVerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Finding> findings;

  public BundleVerificationException(List<Finding> findings) {
    super(
        findings.size()
            + " finding(s): "
            + findings.stream().limit(5).map(Finding::toString).collect(Collectors.joining("; "))
            + (findings.size() > 5 ? "; …" : ""));
    this.findings = List.copyOf(findings);
  }

  /** Every failure, in the order found. */
  public List<Finding> findings() {
    return findings;
  }
}
