/**
 * Overrides: a platform admin who is not a change's requester overrides the gate for one plan of
 * the change ({@code POLICY_OVERRIDDEN}), and auditors list every override.
 */
@NullMarked
package dev.cabledger.server.overrides;

import org.jspecify.annotations.NullMarked;
