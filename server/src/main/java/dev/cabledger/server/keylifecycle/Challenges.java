package dev.cabledger.server.keylifecycle;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Proof-of-possession challenges (docs/workflow.md, "Approver keys"): 32 random bytes, base64url,
 * given to one subject, answerable for {@code cab.approver-keys.challenge-validity}, once. They are
 * kept in the database, not in memory, so that instances sharing one database accept each other's
 * challenges, and a challenge is used up in the transaction that appends the enrolment it allowed.
 */
@Component
final class Challenges {
  /** Challenges a subject may hold unanswered at once; asking for more drops the oldest. */
  static final int MAX_OPEN_PER_SUBJECT = 16;

  /** How long an expired challenge is kept, so that a late answer is told it expired. */
  private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

  private final JdbcTemplate jdbc;
  private final Duration validity;
  private final Clock clock = Clock.systemUTC();
  private final SecureRandom random = new SecureRandom();

  Challenges(JdbcTemplate jdbc, ApproverKeysProperties properties) {
    this.jdbc = jdbc;
    this.validity = properties.challengeValidity();
  }

  /**
   * A challenge given to {@code subject}.
   *
   * @param text what to sign: its UTF-8 bytes, with ML-DSA-65 and an empty context
   * @param expiresAt the last moment an answer is taken
   */
  record Challenge(String text, Instant expiresAt) {}

  /** A new challenge for {@code subject}. */
  Challenge issue(String subject) {
    Instant now = clock.instant();
    byte[] nonce = new byte[32];
    random.nextBytes(nonce);
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    Instant expires = now.plus(validity);
    jdbc.update(
        "DELETE FROM enrolment_challenge WHERE expires_at < ?",
        now.minus(KEPT_AFTER_EXPIRY).toEpochMilli());
    List<String> open =
        jdbc.queryForList(
            "SELECT challenge FROM enrolment_challenge WHERE subject = ? AND used_at IS NULL"
                + " AND expires_at >= ? ORDER BY expires_at DESC",
            String.class,
            subject,
            now.toEpochMilli());
    for (String old : open.subList(Math.min(open.size(), MAX_OPEN_PER_SUBJECT - 1), open.size())) {
      jdbc.update("DELETE FROM enrolment_challenge WHERE challenge = ?", old);
    }
    jdbc.update(
        "INSERT INTO enrolment_challenge (challenge, subject, expires_at, used_at)"
            + " VALUES (?, ?, ?, NULL)",
        text,
        subject,
        expires.toEpochMilli());
    return new Challenge(text, Instant.ofEpochMilli(expires.toEpochMilli()));
  }

  /**
   * Refuses a challenge that {@code subject} may not answer now: unknown, given to another subject,
   * expired or used. Run with the append transaction's template under the append lock, it sees a
   * use by any instance, also one written earlier in the same batch.
   *
   * @throws InvalidChallengeException saying which
   */
  void check(JdbcTemplate tx, String challenge, String subject) {
    record Row(String subject, long expiresAt, boolean used) {}
    List<Row> rows =
        tx.query(
            "SELECT subject, expires_at, used_at FROM enrolment_challenge WHERE challenge = ?",
            (rs, n) -> {
              String owner = rs.getString(1);
              long expires = rs.getLong(2);
              rs.getLong(3);
              return new Row(owner, expires, !rs.wasNull());
            },
            challenge);
    if (rows.isEmpty()) {
      throw new InvalidChallengeException(
          "the challenge is not one this service gave (or it expired long ago)");
    }
    Row row = rows.getFirst();
    if (!row.subject().equals(subject)) {
      throw new InvalidChallengeException(
          "the challenge was given to another principal; ask for one with your own token");
    }
    if (row.used()) {
      throw new InvalidChallengeException("the challenge was used already: it answers once");
    }
    if (clock.millis() > row.expiresAt()) {
      throw new InvalidChallengeException(
          "the challenge expired at " + Instant.ofEpochMilli(row.expiresAt()));
    }
  }

  /**
   * Uses the challenge up, in the transaction that appends the enrolment it allowed.
   *
   * @throws InvalidChallengeException if it was used meanwhile
   */
  void use(JdbcTemplate tx, String challenge) {
    int updated =
        tx.update(
            "UPDATE enrolment_challenge SET used_at = ? WHERE challenge = ? AND used_at IS NULL",
            clock.millis(),
            challenge);
    if (updated != 1) {
      throw new InvalidChallengeException("the challenge was used already: it answers once");
    }
  }
}
