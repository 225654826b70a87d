/** Audit bundles and the server-side ledger check. */
@NullMarked
package dev.cabledger.server.audit;

import org.jspecify.annotations.NullMarked;
