/**
 * Standard-change templates (docs/workflow.md, "Change types"): a platform admin defines one
 * ({@code POST /api/change-templates}, {@code CHANGE_TEMPLATE_DEFINED}), a CAB approver who is not
 * its definer approves it once ({@code POST /api/change-templates/{id}/approve}, {@code
 * CHANGE_TEMPLATE_APPROVED}), and anyone in a client's scope lists them with their status ({@code
 * GET /api/change-templates}). The intake, the gate and the apply check weigh them through {@link
 * dev.cabledger.server.workflow.ApprovedTemplates}, which {@link TemplateStore} provides; the rule
 * itself is core's ({@code dev.cabledger.core.policy.Templates}).
 */
@NullMarked
package dev.cabledger.server.templates;

import org.jspecify.annotations.NullMarked;
