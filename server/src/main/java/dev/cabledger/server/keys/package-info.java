/** The key registry: the log and service keys registered as log entries. */
@NullMarked
package dev.cabledger.server.keys;

import org.jspecify.annotations.NullMarked;
