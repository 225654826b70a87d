/**
 * The typed event catalog: one record per event type that goes in a statement's {@code event_data}
 * (docs/formats.md §2), parsed, validated and written in one place, and the one set of limits both
 * the service and the verifier apply.
 */
@NullMarked
package dev.cabledger.core.event;

import org.jspecify.annotations.NullMarked;
