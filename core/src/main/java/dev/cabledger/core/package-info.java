/** Shared value types of the CAB Ledger formats: digests, key ids and verification failures. */
@NullMarked
package dev.cabledger.core;

import org.jspecify.annotations.NullMarked;
