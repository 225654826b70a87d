package dev.cabledger.server.reports;

import java.util.Optional;

/**
 * An approval revoked or expired in the period: the ending entry, and the approval it ended.
 *
 * @param approvalId the approval
 * @param changeRequestId its change
 * @param client the tenant
 * @param kind {@code cab} or {@code exception}
 * @param approver who had approved, from the approval's entry (absent when it is not read)
 * @param approvedAt when
 * @param how {@code revoked} or {@code expired}
 * @param at when the ending entry was made
 * @param revokedBy who revoked it
 * @param reason why
 * @param expiryDate the expiry the approval had
 * @param entryIndex the ending entry
 * @param signatureValid whether the ending entry's signatures verify
 * @param included whether it is proven included under the checkpoint
 */
record EndedApproval(
    String approvalId,
    String changeRequestId,
    String client,
    Optional<String> kind,
    Optional<String> approver,
    Optional<String> approvedAt,
    String how,
    String at,
    Optional<String> revokedBy,
    Optional<String> reason,
    Optional<String> expiryDate,
    long entryIndex,
    boolean signatureValid,
    boolean included) {}
