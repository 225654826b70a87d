package dev.cabledger.server.events;

/**
 * Refuses an entry, under the append lock, because an earlier request with the same idempotency key
 * and body already appended it at {@code index}; the caller is answered with that entry.
 */
final class AlreadyRecordedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long index;

  AlreadyRecordedException(long index) {
    super("already recorded at index " + index, null, false, false);
    this.index = index;
  }

  long index() {
    return index;
  }
}
