/**
 * Change requests: intake ({@code POST /api/changes}, a pipeline's {@code CHANGE_SUBMITTED}), lists
 * filtered by status, client and risk, and one change with everything the log says about it and
 * what the policy still needs.
 */
@NullMarked
package dev.cabledger.server.changes;

import org.jspecify.annotations.NullMarked;
