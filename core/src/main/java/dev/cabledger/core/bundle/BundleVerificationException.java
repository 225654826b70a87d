package dev.cabledger.core.bundle;

import java.util.List;
import java.util.stream.Collectors;

/** An audit bundle failed verification; {@link #findings()} lists every failure found. */
public final class BundleVerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Finding> findings;
  private final transient GateVerdicts gates;

  public BundleVerificationException(List<Finding> findings) {
    this(findings, GateVerdicts.NONE);
  }

  /** Also says what re-deriving the bundle's gate answers found; mismatches are among findings. */
  public BundleVerificationException(List<Finding> findings, GateVerdicts gates) {
    super(
        findings.size()
            + " finding(s): "
            + findings.stream().limit(5).map(Finding::toString).collect(Collectors.joining("; "))
            + (findings.size() > 5 ? "; …" : ""));
    this.findings = List.copyOf(findings);
    this.gates = gates;
  }

  /** Every failure, in the order found. */
  public List<Finding> findings() {
    return findings;
  }

  /** The bundle's gate answers re-derived, as far as the verifier got. */
  public GateVerdicts gates() {
    return gates;
  }
}
