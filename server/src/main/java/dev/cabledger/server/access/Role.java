package dev.cabledger.server.access;

import java.util.Locale;
import java.util.Optional;

/** What a principal may do; granted by the identity provider in the role claim. */
public enum Role {
  /** Pipelines that submit change requests. */
  REQUESTER,
  /** Members of the change advisory board who approve or deny changes. */
  CAB_APPROVER,
  /** Reviewers who approve security exceptions. */
  SECURITY_REVIEWER,
  /** Operators: revocation, keys. */
  PLATFORM_ADMIN,
  /** Read access to records, reports, bundles and metrics. */
  AUDITOR,
  /** Retention decisions. */
  COMPLIANCE_OFFICER;

  /** The Spring Security authority of this role. */
  public String authority() {
    return "ROLE_" + name();
  }

  /** The role of a claim value, ignoring case; other values are the provider's own business. */
  public static Optional<Role> ofClaim(String value) {
    try {
      return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
