/** Audit bundles: one streamable JSON document that anyone can verify offline with public keys. */
@NullMarked
package dev.cabledger.core.bundle;

import org.jspecify.annotations.NullMarked;
