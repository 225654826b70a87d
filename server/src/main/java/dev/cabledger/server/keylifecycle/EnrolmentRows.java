package dev.cabledger.server.keylifecycle;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.KeyEnrolmentRequested;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code key_enrolment} row of a KEY_ENROLMENT_REQUESTED entry, derived from the signed
 * statement alone: the same row when the entry is appended and when the ledger check rebuilds it.
 */
final class EnrolmentRows {
  private EnrolmentRows() {}

  /**
   * One row.
   *
   * @param enrolmentId the request's id
   * @param keyId the key it asks to enrol
   * @param owner who asked (the statement's actor)
   * @param requestedAt the statement's {@code created_at}
   */
  record Row(UUID enrolmentId, KeyId keyId, String owner, Instant requestedAt) {}

  /** The row a statement makes; empty for any statement but KEY_ENROLMENT_REQUESTED. */
  static Optional<Row> of(Statement statement) {
    if (!(statement.predicate().data() instanceof KeyEnrolmentRequested r)) {
      return Optional.empty();
    }
    return Optional.of(
        new Row(r.enrolmentId(), r.keyId(), r.owner(), statement.predicate().createdAt()));
  }

  static void insert(JdbcTemplate jdbc, Row row, long index) {
    insert(jdbc, row, index, "");
  }

  /**
   * Inserts the row unless one holds its enrolment, key or entry already (that row stays for the
   * ledger check to compare).
   *
   * @return whether it was inserted
   */
  static boolean insertIfAbsent(JdbcTemplate jdbc, Row row, long index) {
    return insert(jdbc, row, index, " ON CONFLICT DO NOTHING") == 1;
  }

  private static int insert(JdbcTemplate jdbc, Row row, long index, String suffix) {
    return jdbc.update(
        "INSERT INTO key_enrolment (enrolment_id, key_id, owner, requested_at, entry_idx)"
            + " VALUES (?, ?, ?, ?, ?)"
            + suffix,
        row.enrolmentId().toString(),
        row.keyId().value(),
        row.owner(),
        row.requestedAt().toString(),
        index);
  }

  /** The stored rows, in log order, each with its entry's index. */
  static List<Stored> all(JdbcTemplate jdbc) {
    return select(jdbc, "ORDER BY entry_idx");
  }

  /** The stored row of an enrolment, if any. */
  static Optional<Stored> find(JdbcTemplate jdbc, UUID enrolmentId) {
    return select(jdbc, "WHERE enrolment_id = ?", enrolmentId.toString()).stream().findFirst();
  }

  /** The stored row of the enrolment an entry records, if any. */
  static Optional<Stored> atEntry(JdbcTemplate jdbc, long index) {
    return select(jdbc, "WHERE entry_idx = ?", index).stream().findFirst();
  }

  /** Whether anyone asked to enrol the key, as the append transaction's template sees it. */
  static boolean requested(JdbcTemplate jdbc, KeyId keyId) {
    return !select(jdbc, "WHERE key_id = ?", keyId.value()).isEmpty();
  }

  private static List<Stored> select(JdbcTemplate jdbc, String tail, Object... args) {
    return jdbc.query(
        "SELECT enrolment_id, key_id, owner, requested_at, entry_idx FROM key_enrolment " + tail,
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

  /** A stored row and the index of the entry it indexes. */
  record Stored(Row row, long entryIndex) {}
}
