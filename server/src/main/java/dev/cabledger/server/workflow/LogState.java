package dev.cabledger.server.workflow;

import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.server.ledger.StoredCheckpoint;

/**
 * What entries are checked against: a checkpoint signed by this log's key, and the keys the log
 * registered.
 *
 * @param checkpoint the checkpoint every inclusion proof must lead to
 * @param ring the registered keys that may have signed entries
 */
public record LogState(StoredCheckpoint checkpoint, KeyRing ring) {}
