package dev.cabledger.server.events;

import dev.cabledger.core.Digest;

/**
 * A write request that carries an idempotency key: who sent it, the key, and the SHA-256 of its
 * body, so a retry can be told from a different request under the same key.
 *
 * @param subject the authenticated caller's subject; keys are scoped per caller
 * @param key the caller's key
 * @param bodyHash SHA-256 of the request body (for JSON bodies, of its RFC 8785 canonical form)
 */
public record IdempotentRequest(String subject, IdempotencyKey key, Digest bodyHash) {
  public IdempotentRequest {
    if (subject.isBlank()) {
      throw new IllegalArgumentException("an idempotent request needs the caller's subject");
    }
  }
}
