/** The key registry: the log and service keys, and key registrations as log entries. */
@NullMarked
package dev.cabledger.server.keys;

import org.jspecify.annotations.NullMarked;
