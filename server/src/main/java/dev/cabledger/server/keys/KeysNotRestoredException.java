package dev.cabledger.server.keys;

/** The log holds entries, and the keys it registered are not in the keys directory. */
final class KeysNotRestoredException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  KeysNotRestoredException(String message) {
    super(message);
  }
}
