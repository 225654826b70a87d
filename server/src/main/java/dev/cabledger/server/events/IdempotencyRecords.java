package dev.cabledger.server.events;

import dev.cabledger.core.Digest;
import dev.cabledger.server.ledger.EntryProjection;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code idempotency_key} table: which entry each caller's key appended, and for which body.
 */
@Component
final class IdempotencyRecords {
  /** A stored key: the index of the entry it appended and the hash of the request's body. */
  record Stored(long index, Digest bodyHash) {}

  private final JdbcTemplate jdbc;

  IdempotencyRecords(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Stored> find(IdempotentRequest request) {
    return find(jdbc, request);
  }

  /**
   * {@code feature}'s projection plus the key's row, in the entry's transaction. Under the append
   * lock the key is looked up again, so two instances racing with one key append once: the later
   * one is refused with {@link AlreadyRecordedException} (same body) or {@link
   * IdempotencyKeyReusedException} (another body).
   */
  EntryProjection projection(IdempotentRequest request, EntryProjection feature) {
    return new EntryProjection() {
      @Override
      public void check(JdbcTemplate tx) {
        Optional<Stored> stored = find(tx, request);
        if (stored.isPresent()) {
          throw sameBody(stored.get(), request)
              ? new AlreadyRecordedException(stored.get().index())
              : reused(request);
        }
        feature.check(tx);
      }

      @Override
      public void write(JdbcTemplate tx, long index) {
        tx.update(
            "INSERT INTO idempotency_key (subject, idem_key, request_hash, entry_idx)"
                + " VALUES (?, ?, ?, ?)",
            request.subject(),
            request.key().value(),
            request.bodyHash().bytes(),
            index);
        feature.write(tx, index);
      }
    };
  }

  static boolean sameBody(Stored stored, IdempotentRequest request) {
    return stored.bodyHash().equals(request.bodyHash());
  }

  static IdempotencyKeyReusedException reused(IdempotentRequest request) {
    return new IdempotencyKeyReusedException(
        "the Idempotency-Key \""
            + request.key().value()
            + "\" was used before with a different request body; use a new key for a new"
            + " request");
  }

  private static Optional<Stored> find(JdbcTemplate jdbc, IdempotentRequest request) {
    return jdbc
        .query(
            "SELECT entry_idx, request_hash FROM idempotency_key WHERE subject = ? AND idem_key = ?",
            (rs, n) -> new Stored(rs.getLong(1), Digest.of(rs.getBytes(2))),
            request.subject(),
            request.key().value())
        .stream()
        .findFirst();
  }
}
