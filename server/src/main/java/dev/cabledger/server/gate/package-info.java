/**
 * The deployment gate ({@code GET /api/gate}): whether this exact plan may be applied to this
 * environment now, decided from the change's entries that verify (signatures and inclusion proofs)
 * under the client's policy, each answer logged as a {@code GATE_EVALUATED} entry.
 */
@NullMarked
package dev.cabledger.server.gate;

import org.jspecify.annotations.NullMarked;
