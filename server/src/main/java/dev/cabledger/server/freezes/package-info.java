/**
 * Freeze (blackout) windows: a platform admin declares one for clients and environments, one-off or
 * recurring ({@code POST /api/freezes}, {@code FREEZE_DECLARED}); anyone in a client's scope lists
 * them ({@code GET /api/freezes}). The gate and the change view weigh them through {@link
 * dev.cabledger.server.workflow.DeclaredFreezes}, which {@link FreezeStore} provides; the rule
 * itself is core's ({@code dev.cabledger.core.policy.Freezes}).
 */
@NullMarked
package dev.cabledger.server.freezes;

import org.jspecify.annotations.NullMarked;
