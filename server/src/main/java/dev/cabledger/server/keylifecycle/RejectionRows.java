package dev.cabledger.server.keylifecycle;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.KeyEnrolmentRejected;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code enrolment_rejection} row of a KEY_ENROLMENT_REJECTED entry, derived from the signed
 * statement alone: the same row when the entry is appended, when the ledger check expects it and
 * when the rebuild restores it.
 */
final class RejectionRows {
  private RejectionRows() {}

  /**
   * One row.
   *
   * @param enrolmentId the enrolment turned down
   * @param keyId the key it asked to enrol
   * @param rejectedBy who turned it down (the statement's actor)
   * @param rejectedAt the statement's {@code created_at}
   */
  record Row(UUID enrolmentId, KeyId keyId, String rejectedBy, Instant rejectedAt) {}

  /** A stored row and the index of the entry it indexes. */
  record Stored(Row row, long entryIndex) {}

  /** The row a statement makes; empty for any statement but KEY_ENROLMENT_REJECTED. */
  static Optional<Row> of(Statement statement) {
    if (!(statement.predicate().data() instanceof KeyEnrolmentRejected r)) {
      return Optional.empty();
    }
    return Optional.of(
        new Row(
            r.enrolmentId(),
            r.keyId(),
            statement.predicate().actor().subject(),
            statement.predicate().createdAt()));
  }

  static void insert(JdbcTemplate jdbc, Row row, long index) {
    jdbc.update(insert(""), arguments(row, index));
  }

  /**
   * Inserts the row unless one holds its enrolment or its entry already (that row stays for the
   * ledger check to compare).
   *
   * @return whether it was inserted
   */
  static boolean insertIfAbsent(JdbcTemplate jdbc, Row row, long index) {
    return jdbc.update(insert(" ON CONFLICT DO NOTHING"), arguments(row, index)) == 1;
  }

  private static String insert(String suffix) {
    return "INSERT INTO enrolment_rejection (enrolment_id, key_id, rejected_by, rejected_at,"
        + " entry_idx) VALUES (?, ?, ?, ?, ?)"
        + suffix;
  }

  private static Object[] arguments(Row row, long index) {
    return new Object[] {
      row.enrolmentId().toString(),
      row.keyId().value(),
      row.rejectedBy(),
      row.rejectedAt().toString(),
      index
    };
  }

  /** The stored rows, in log order. */
  static List<Stored> all(JdbcTemplate jdbc) {
    return select(jdbc, "ORDER BY entry_idx");
  }

  /** The stored row of an enrolment's rejection, if any. */
  static Optional<Stored> find(JdbcTemplate jdbc, UUID enrolmentId) {
    return select(jdbc, "WHERE enrolment_id = ?", enrolmentId.toString()).stream().findFirst();
  }

  private static List<Stored> select(JdbcTemplate jdbc, String tail, Object... args) {
    return jdbc.query(
        "SELECT enrolment_id, key_id, rejected_by, rejected_at, entry_idx FROM enrolment_rejection "
            + tail,
        (rs, n) ->
            new Stored(
                new Row(
                    UUID.fromString(rs.getString(1)),
                    new KeyId(rs.getString(2)),
                    rs.getString(3),
                    Instant.parse(rs.getString(4))),
                rs.getLong(5)),
        args);
  }
}
