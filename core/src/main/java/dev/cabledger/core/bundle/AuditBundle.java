package dev.cabledger.core.bundle;

/** Names of the audit bundle format (docs/formats.md, "Audit bundle"). */
public final class AuditBundle {
  /** The value of the bundle's {@code format} field. */
  public static final String FORMAT = "https://cab-ledger.dev/audit-bundle/v1";

  /** The media type the service serves bundles as. */
  public static final String MEDIA_TYPE = "application/vnd.cab-ledger.bundle+json";

  private AuditBundle() {}
}
