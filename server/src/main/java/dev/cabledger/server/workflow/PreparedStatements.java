package dev.cabledger.server.workflow;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.ProjectionRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Prepared decisions (docs/workflow.md, "Signed decisions"): the exact statement a decision (on a
 * change, or on a security exception) will be, kept for its maker to sign with their own approver
 * key within {@code cab.signed-decisions.preparation-validity}, once. Kept in the database ({@code
 * prepared_decision}), not in memory, so that instances sharing one database sign each other's
 * preparations, and used up in the transaction that appends the decision. Not evidence: the log
 * records the signed decision; a row is deleted once long expired.
 */
@Component
public final class PreparedStatements {
  /** How long an expired preparation is kept, so that a late signature is told it expired. */
  private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

  private final JdbcTemplate jdbc;
  private final Duration validity;
  private final Clock clock = Clock.systemUTC();

  PreparedStatements(JdbcTemplate jdbc, PreparationProperties properties) {
    this.jdbc = jdbc;
    this.validity = properties.preparationValidity();
  }

  /**
   * A kept preparation.
   *
   * @param preparedId its id
   * @param subject who prepared it, the only one who may sign it
   * @param statement the statement, whose RFC 8785 bytes are the DSSE payload to sign
   * @param expiresAt the last moment it may be signed
   * @param used whether a decision was appended from it
   */
  public record Prepared(
      UUID preparedId, String subject, Statement statement, Instant expiresAt, boolean used) {}

  /**
   * Keeps a statement for {@code subject} to sign; returns it with its id and expiry.
   *
   * @throws InvalidInputException if the statement is not one the verifier would accept
   */
  public Prepared keep(Statement statement, String subject) {
    ChangeWriter.requireAcceptable(statement);
    Instant now = clock.instant();
    jdbc.update(
        "DELETE FROM prepared_decision WHERE expires_at < ?",
        now.minus(KEPT_AFTER_EXPIRY).toEpochMilli());
    UUID id = UUID.randomUUID();
    Instant expires = Instant.ofEpochMilli(now.plus(validity).toEpochMilli());
    jdbc.update(
        "INSERT INTO prepared_decision (prepared_id, subject, change_id, statement, expires_at,"
            + " used_at) VALUES (?, ?, ?, ?, ?, NULL)",
        id.toString(),
        subject,
        statement.subjectName(),
        statement.canonicalBytes(),
        expires.toEpochMilli());
    return new Prepared(id, subject, statement, expires, false);
  }

  /**
   * The preparation with this id for this change.
   *
   * @throws NotVisibleException if there is none (or it is another change's), with the same words
   */
  public Prepared find(UUID preparedId, String changeId) {
    List<Prepared> rows =
        jdbc.query(
            "SELECT subject, statement, expires_at, used_at FROM prepared_decision"
                + " WHERE prepared_id = ? AND change_id = ?",
            (rs, n) -> {
              String subject = rs.getString(1);
              byte[] bytes = rs.getBytes(2);
              long expires = rs.getLong(3);
              rs.getLong(4);
              boolean used = !rs.wasNull();
              return new Prepared(
                  preparedId, subject, statement(bytes), Instant.ofEpochMilli(expires), used);
            },
            preparedId.toString(),
            changeId);
    if (rows.isEmpty()) {
      throw new NotVisibleException(
          "no prepared decision " + preparedId + " of change " + changeId);
    }
    return rows.getFirst();
  }

  /**
   * The preparation with this id for this change, if {@code subject} may sign it now.
   *
   * @param idempotentRetry whether the request names an {@code Idempotency-Key}: a used preparation
   *     is then let through, for the writer to answer a retry of the recorded signature (any other
   *     use is refused under the append lock)
   * @throws NotVisibleException if there is none
   * @throws PreparedDecisionNotYoursException if another principal prepared it
   * @throws PreparedDecisionUsedException if it was used
   * @throws PreparedDecisionExpiredException if it expired
   */
  public Prepared signable(
      UUID preparedId, String changeId, String subject, boolean idempotentRetry) {
    Prepared kept = find(preparedId, changeId);
    if (!idempotentRetry || !kept.used()) {
      refuseUnsignable(preparedId, kept.subject(), kept.used(), subject);
      refuseExpired(preparedId, kept.expiresAt());
    }
    return kept;
  }

  /**
   * A refusal of a preparation found as its entry was written (an earlier entry of its batch used
   * it), as itself; any other failure as it came.
   */
  public static RuntimeException refusal(ProjectionRejectedException e) {
    Throwable cause = e.getCause();
    if (cause instanceof PreparedDecisionUsedException
        || cause instanceof PreparedDecisionExpiredException
        || cause instanceof PreparedDecisionNotYoursException) {
      return (RuntimeException) cause;
    }
    return e;
  }

  /**
   * Refuses a preparation that {@code subject} may not sign now: another's, used, or expired. Run
   * with the append transaction's template under the append lock, it sees a use by any instance,
   * also one written earlier in the same batch.
   */
  void check(JdbcTemplate tx, UUID preparedId, String subject) {
    record Row(String subject, long expiresAt, boolean used) {}
    List<Row> rows =
        tx.query(
            "SELECT subject, expires_at, used_at FROM prepared_decision WHERE prepared_id = ?",
            (rs, n) -> {
              String owner = rs.getString(1);
              long expires = rs.getLong(2);
              rs.getLong(3);
              return new Row(owner, expires, !rs.wasNull());
            },
            preparedId.toString());
    if (rows.isEmpty()) {
      throw new PreparedDecisionExpiredException(
          "the prepared decision " + preparedId + " expired long ago; prepare it again");
    }
    refuseUnsignable(preparedId, rows.getFirst().subject(), rows.getFirst().used(), subject);
    refuseExpired(preparedId, Instant.ofEpochMilli(rows.getFirst().expiresAt()));
  }

  /** Refuses a preparation that is not {@code caller}'s or was used. */
  private static void refuseUnsignable(UUID preparedId, String owner, boolean used, String caller) {
    if (!owner.equals(caller)) {
      throw new PreparedDecisionNotYoursException(
          "the prepared decision "
              + preparedId
              + " was prepared by another principal; only its maker signs it. Prepare your own");
    }
    if (used) {
      throw new PreparedDecisionUsedException(
          "the prepared decision "
              + preparedId
              + " was signed and recorded already: it is used once");
    }
  }

  /** Refuses a preparation past its expiry. */
  private void refuseExpired(UUID preparedId, Instant expiresAt) {
    if (clock.instant().isAfter(expiresAt)) {
      throw new PreparedDecisionExpiredException(
          "the prepared decision "
              + preparedId
              + " expired at "
              + expiresAt
              + " (cab.signed-decisions.preparation-validity); prepare it again and sign it at once");
    }
  }

  /** The preparation's check under the append lock, and its use in the append transaction. */
  public EntryProjection use(UUID preparedId, String subject) {
    return new PreparationUse(this, preparedId, subject);
  }

  /** Uses a preparation up, in the append transaction, after {@link #check}. */
  void markUsed(JdbcTemplate tx, UUID preparedId) {
    int updated =
        tx.update(
            "UPDATE prepared_decision SET used_at = ? WHERE prepared_id = ? AND used_at IS NULL",
            clock.millis(),
            preparedId.toString());
    if (updated != 1) {
      throw new PreparedDecisionUsedException(
          "the prepared decision " + preparedId + " was signed and recorded already");
    }
  }

  /** The kept statement; bytes that do not parse back to themselves are an integrity failure. */
  private static Statement statement(byte[] bytes) {
    try {
      Statement statement = Statement.parse(bytes);
      if (!Arrays.equals(statement.canonicalBytes(), bytes)) {
        throw new LedgerIntegrityException("a prepared decision's statement is not canonical");
      }
      return statement;
    } catch (VerificationException | IllegalArgumentException e) {
      throw new LedgerIntegrityException(
          "a prepared decision's statement does not parse: " + e.getMessage());
    }
  }
}
