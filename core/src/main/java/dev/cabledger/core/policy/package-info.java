/**
 * The approval policy, pure: what a change's signed entries add up to (quorum by risk, separation
 * of duties, expiry, revocation, supersession, exceptions) and the gate's verdict for one plan and
 * environment. It reads only statements, so the offline verifier re-derives any verdict the service
 * gave (docs/workflow.md, "Policy").
 */
@NullMarked
package dev.cabledger.core.policy;

import org.jspecify.annotations.NullMarked;
