/**
 * The service's own key material: the log key (checkpoints) and the service key (statements), read
 * from PEM files in the data directory. Below the log engine, which signs checkpoints with it.
 */
@NullMarked
package dev.cabledger.server.signing;

import org.jspecify.annotations.NullMarked;
