package dev.cabledger.server.evidence;

import dev.cabledger.core.Digest;

/**
 * The package was sealed while this request was on its way: the controller answers the first
 * sealing, as for any identical package. Never leaves this feature.
 */
final class AlreadySealedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AlreadySealedException(Digest hash) {
    super("evidence package " + hash.hex() + " is already sealed");
  }
}
