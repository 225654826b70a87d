/** The Merkle log: group-commit appends, signed checkpoints, entries and proofs. */
@NullMarked
package dev.cabledger.server.ledger;

import org.jspecify.annotations.NullMarked;
