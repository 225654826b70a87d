/**
 * The article's verification endpoint ({@code GET /api/cab/verify/{changeRequestId}}): a change's
 * decisions as their signed entries state them, whether each entry's signatures and inclusion proof
 * verify, and whether the {@code approval} projection still equals the signed payload.
 */
@NullMarked
package dev.cabledger.server.verification;

import org.jspecify.annotations.NullMarked;
