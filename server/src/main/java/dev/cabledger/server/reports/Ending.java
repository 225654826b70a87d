package dev.cabledger.server.reports;

import java.util.Optional;

/**
 * How a decision ended, read from the entry that ended it.
 *
 * @param how {@code revoked}, {@code expired} or {@code superseded}
 * @param at when that entry was made
 * @param by who revoked it, or whose later decision superseded it
 * @param reason the revocation's reason
 * @param entryIndex the ending entry
 * @param verified whether the ending entry verifies (signatures, and inclusion under the report's
 *     checkpoint)
 */
record Ending(
    String how,
    String at,
    Optional<String> by,
    Optional<String> reason,
    long entryIndex,
    boolean verified) {}
