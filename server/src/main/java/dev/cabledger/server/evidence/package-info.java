/**
 * Sealed evidence: the source article's {@code POST /api/cab/seal-evidence} keeps an evidence
 * package content-addressed by the SHA-256 of its RFC 8785 bytes and appends {@code
 * EVIDENCE_SEALED} with that hash (never the document); {@code GET /api/evidence/{hash}} answers
 * the exact bytes so that an auditor can hash them again.
 */
@NullMarked
package dev.cabledger.server.evidence;

import org.jspecify.annotations.NullMarked;
