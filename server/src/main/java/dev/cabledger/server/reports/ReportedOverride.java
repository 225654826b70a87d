package dev.cabledger.server.reports;

/**
 * A policy override of the period, as its signed {@code POLICY_OVERRIDDEN} entry states it: a
 * platform admin let the gate approve one plan of a change whatever the policy still needed.
 *
 * @param changeRequestId the change
 * @param client the tenant
 * @param planHash the plan the override is for
 * @param overriddenBy the platform admin
 * @param overriddenAt when
 * @param reason why
 * @param entryIndex the entry
 * @param signatureValid whether its signatures verify
 * @param included whether it is proven included under the checkpoint
 */
record ReportedOverride(
    String changeRequestId,
    String client,
    String planHash,
    String overriddenBy,
    String overriddenAt,
    String reason,
    long entryIndex,
    boolean signatureValid,
    boolean included) {}
