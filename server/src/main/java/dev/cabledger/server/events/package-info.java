/**
 * Writing events: {@link dev.cabledger.server.events.EventRecorder} signs a statement as the
 * service and appends it; {@code POST /api/ledger/events} takes pipeline annotations.
 */
@NullMarked
package dev.cabledger.server.events;

import org.jspecify.annotations.NullMarked;
