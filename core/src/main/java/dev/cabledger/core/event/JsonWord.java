package dev.cabledger.core.event;

/** An enumerated value written as one lower-case word in {@code event_data}. */
interface JsonWord {
  /** The word as written. */
  String json();
}
