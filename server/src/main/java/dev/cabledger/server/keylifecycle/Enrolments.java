package dev.cabledger.server.keylifecycle;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.KeyEnrolmentRejected;
import dev.cabledger.core.event.KeyEnrolmentRequested;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LogReader;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Enrolment requests found through {@code key_enrolment} and read from their signed entries, with
 * their standing in the key registry (itself read from signed entries): the table only says where
 * to look.
 */
@Component
final class Enrolments {
  private final JdbcTemplate jdbc;
  private final LogReader reader;
  private final KeyRegistry registry;

  Enrolments(JdbcTemplate jdbc, LogReader reader, KeyRegistry registry) {
    this.jdbc = jdbc;
    this.reader = reader;
    this.registry = registry;
  }

  /**
   * An enrolment as its signed entry states it.
   *
   * @param enrolmentId its id
   * @param keyId the key
   * @param owner who asked, the key's holder
   * @param algorithm {@code ML-DSA-65}
   * @param publicKey the key's SPKI, base64
   * @param status {@code requested}; {@code registered} once a platform admin approved it, {@code
   *     rejected} once one turned it down
   * @param requestedAt when it was asked for
   * @param entryIndex the KEY_ENROLMENT_REQUESTED entry
   * @param key the registered key as the registry states it (validity, status), once registered
   * @param rejection who turned it down, when and why, once rejected
   */
  record View(
      String enrolmentId,
      String keyId,
      String owner,
      String algorithm,
      String publicKey,
      String status,
      String requestedAt,
      long entryIndex,
      @Nullable ObjectNode key,
      @Nullable Rejection rejection) {}

  /**
   * A rejection as its signed KEY_ENROLMENT_REJECTED entry states it.
   *
   * @param rejectedBy the platform admin
   * @param reason why
   * @param rejectedAt the entry's {@code created_at}
   * @param entryIndex the entry
   */
  record Rejection(String rejectedBy, String reason, String rejectedAt, long entryIndex) {}

  /** Every enrolment, newest first. */
  List<View> all() {
    Map<KeyId, RegisteredKey> keys = registered();
    Map<UUID, RejectionRows.Stored> rejections =
        RejectionRows.all(jdbc).stream()
            .collect(Collectors.toMap(r -> r.row().enrolmentId(), Function.identity()));
    return EnrolmentRows.all(jdbc).reversed().stream()
        .map(s -> view(s, keys, Optional.ofNullable(rejections.get(s.row().enrolmentId()))))
        .toList();
  }

  /** The enrolment with this id, if any. */
  Optional<View> find(UUID enrolmentId) {
    return row(enrolmentId).map(s -> view(s, registered(), RejectionRows.find(jdbc, enrolmentId)));
  }

  /** Where the enrolment with this id is, if anywhere. */
  Optional<EnrolmentRows.Stored> row(UUID enrolmentId) {
    return EnrolmentRows.find(jdbc, enrolmentId);
  }

  /**
   * The enrolment an entry records.
   *
   * @throws LedgerIntegrityException if no enrolment is indexed at that entry
   */
  View atEntry(long index) {
    return EnrolmentRows.atEntry(jdbc, index)
        .map(s -> view(s, registered(), RejectionRows.find(jdbc, s.row().enrolmentId())))
        .orElseThrow(
            () ->
                new LedgerIntegrityException("entry " + index + " is not indexed as an enrolment"));
  }

  /**
   * The request an enrolment's row points at, read from the log.
   *
   * @throws LedgerIntegrityException if the entry is not that request
   */
  KeyEnrolmentRequested request(EnrolmentRows.Stored stored) {
    Statement statement = statement(stored.entryIndex());
    if (!(statement.predicate().data() instanceof KeyEnrolmentRequested r)
        || !EnrolmentRows.of(statement).equals(Optional.of(stored.row()))) {
      throw new LedgerIntegrityException(
          "the enrolment "
              + stored.row().enrolmentId()
              + " is indexed at entry "
              + stored.entryIndex()
              + ", which is not that request");
    }
    return r;
  }

  /**
   * The rejection a row points at, read from the log.
   *
   * @throws LedgerIntegrityException if the entry is not that rejection
   */
  private Rejection rejection(RejectionRows.Stored stored) {
    Statement statement = statement(stored.entryIndex());
    if (!(statement.predicate().data() instanceof KeyEnrolmentRejected r)
        || !RejectionRows.of(statement).equals(Optional.of(stored.row()))) {
      throw new LedgerIntegrityException(
          "the rejection of enrolment "
              + stored.row().enrolmentId()
              + " is indexed at entry "
              + stored.entryIndex()
              + ", which is not that rejection");
    }
    return new Rejection(
        statement.predicate().actor().subject(),
        r.reason(),
        statement.predicate().createdAt().toString(),
        stored.entryIndex());
  }

  private Statement statement(long index) {
    byte[] bytes = reader.entry(index).bytes();
    try {
      return Envelope.parse(bytes).statement();
    } catch (VerificationException | IllegalArgumentException e) {
      throw new LedgerIntegrityException(
          "entry " + index + " does not hold a valid statement: " + e.getMessage());
    }
  }

  private Map<KeyId, RegisteredKey> registered() {
    return registry.all().stream()
        .collect(Collectors.toMap(RegisteredKey::keyId, Function.identity()));
  }

  private View view(
      EnrolmentRows.Stored stored,
      Map<KeyId, RegisteredKey> keys,
      Optional<RejectionRows.Stored> rejected) {
    KeyEnrolmentRequested r = request(stored);
    RegisteredKey key = keys.get(r.keyId());
    Rejection rejection = rejected.map(this::rejection).orElse(null);
    String status = key != null ? "registered" : rejection != null ? "rejected" : "requested";
    return new View(
        r.enrolmentId().toString(),
        r.keyId().value(),
        r.owner(),
        r.algorithm(),
        Base64.getEncoder().encodeToString(r.publicKey().der()),
        status,
        stored.row().requestedAt().toString(),
        stored.entryIndex(),
        key == null ? null : key.toJson(),
        rejection);
  }
}
