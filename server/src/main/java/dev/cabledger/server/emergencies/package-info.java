/**
 * Emergency changes (docs/workflow.md, "Change types"): one platform admin or CAB approver who is
 * not the requester approves an emergency change's current plan ({@code POST
 * /api/changes/{id}/emergency-approval}, {@code EMERGENCY_APPROVED}); the policy then counts it in
 * place of the quorum and lets the change through freezes, and the change owes a retrospective CAB
 * decision ({@code dev.cabledger.core.policy.EmergencyReview}).
 */
@NullMarked
package dev.cabledger.server.emergencies;

import org.jspecify.annotations.NullMarked;
