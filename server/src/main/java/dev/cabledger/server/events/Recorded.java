package dev.cabledger.server.events;

import dev.cabledger.server.ledger.Receipt;

/**
 * The outcome of recording an event.
 *
 * @param receipt where the entry is and the proof a signed checkpoint covers it
 * @param replayed whether the entry was appended by an earlier request with the same idempotency
 *     key (and this request appended nothing)
 */
public record Recorded(Receipt receipt, boolean replayed) {}
